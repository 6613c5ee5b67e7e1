package dev.landfall.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every environment variable docker-compose.yml sets on a Landfall service reaches a property that
 * service binds (docs/architecture.md#configuration): a misspelt or unbound name would be silently
 * ignored by Spring, and the service would run on its default.
 */
class EnvironmentBindingTest {

    @Test
    void everyComposeVariableIsBoundByItsService() {
        ComposeFile compose = ComposeFile.read(RepositoryFiles.composeFile());
        List<String> unbound = new ArrayList<>();
        compose.moduleServices().forEach((service, module) -> {
            BoundProperties bound = BoundProperties.ofModule(RepositoryFiles.root(), module);
            ComposeFile.environment(compose.service(service)).keySet().stream()
                    .filter(v -> !bound.binds(v))
                    .forEach(v -> unbound.add(service + ": " + v));
        });
        assertThat(unbound).as("variables no @ConfigurationProperties record or Spring group binds").isEmpty();
    }

    private static final BoundProperties SAMPLE = BoundProperties.ofSources(Map.of("StorageProperties.java", """
            package x;
            /** Storage. */
            @Validated
            @ConfigurationProperties(prefix = "landfall.storage")
            public record StorageProperties(
                    @NotNull @DefaultValue("filesystem") String type,
                    @DefaultValue("./data, (quoted)") Path path,
                    @DefaultValue S3 s3,
                    Map<String, String> tags) {
                /** S3 settings. */
                public record S3(URI endpoint, @DefaultValue("landfall") String bucket, boolean pathStyle,
                                 @Name("access-key-id") String accessKey) {
                    @Override public String toString() { return "S3[...]"; }
                }
            }
            """, "FilterProperties.java", """
            @ConfigurationProperties("landfall.filter")
            public record FilterProperties(@DefaultValue List<String> allow, DataSize maxFileSize) {}
            """));

    @Test
    void recordComponentsAndNestedRecordsBecomeKebabCaseProperties() {
        assertThat(SAMPLE.properties()).contains(
                "landfall.storage.type", "landfall.storage.path", "landfall.storage.s3.endpoint",
                "landfall.storage.s3.bucket", "landfall.storage.s3.path-style", "landfall.storage.s3.access-key-id",
                "landfall.filter.allow", "landfall.filter.max-file-size");
    }

    @Test
    void bothSpringEnvironmentFormsOfADashedNameBind() {
        assertThat(SAMPLE.binds("LANDFALL_STORAGE_S3_PATH_STYLE")).isTrue();
        assertThat(SAMPLE.binds("LANDFALL_STORAGE_S3_PATHSTYLE")).isTrue();
        assertThat(SAMPLE.binds("LANDFALL_FILTER_MAX_FILE_SIZE")).isTrue();
    }

    @Test
    void listAndMapEntriesBindBelowTheirProperty() {
        assertThat(SAMPLE.binds("LANDFALL_FILTER_ALLOW")).isTrue();
        assertThat(SAMPLE.binds("LANDFALL_FILTER_ALLOW_0")).isTrue();
        assertThat(SAMPLE.binds("LANDFALL_STORAGE_TAGS_TEAM")).isTrue();
    }

    @Test
    void standardSpringGroupsBind() {
        assertThat(SAMPLE.binds("SPRING_DATASOURCE_URL")).isTrue();
        assertThat(SAMPLE.binds("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isTrue();
        assertThat(SAMPLE.binds("SERVER_PORT")).isTrue();
        assertThat(SAMPLE.binds("MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE")).isTrue();
    }

    @Test
    void misspeltOrUnknownVariablesDoNotBind() {
        // Negative controls: the check must be able to fail.
        assertThat(SAMPLE.binds("LANDFALL_STORAGE_S3_BUCKETT")).isFalse();
        assertThat(SAMPLE.binds("LANDFALL_STORAGE_S3_ACCESS_KEY")).as("@Name renamed it").isFalse();
        assertThat(SAMPLE.binds("LANDFALL_STORAGE_S3")).as("a group is not a property").isFalse();
        assertThat(SAMPLE.binds("LANDFALL_UPSTREAM_URL")).as("no such record in these sources").isFalse();
        assertThat(SAMPLE.binds("SPRING_DATASOURC_URL")).isFalse();
        assertThat(SAMPLE.binds("SERVER_PORTT")).isFalse();
    }

    @Test
    void aFakeVariableInTheRealServicesIsReported() {
        BoundProperties poller = BoundProperties.ofModule(RepositoryFiles.root(), "changelog-poller");
        assertThat(poller.binds("LANDFALL_UPSTREAM_URLL")).isFalse();
        assertThat(poller.binds("LANDFALL_UPSTREAM_URL")).isTrue(); // common's UpstreamProperties
    }
}
