package dev.landfall.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** docker-compose.yml: valid Compose, and wired as docs/architecture.md#where-it-runs describes. */
class ComposeFileTest {

    private static Schema schema;
    private static ComposeFile compose;

    @BeforeAll
    static void load() throws IOException {
        Path spec = RepositoryFiles.composeSchema();
        try (InputStream in = Files.newInputStream(spec)) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                    .getSchema(SchemaLocation.of(spec.toUri().toString()), in, InputFormat.JSON);
        }
        compose = ComposeFile.read(RepositoryFiles.composeFile());
    }

    private static List<String> violations(String yaml) {
        return schema.validate(yaml, InputFormat.YAML).stream().map(e -> e.toString()).toList();
    }

    @Test
    void composeFileFollowsTheComposeSpecification() throws IOException {
        assertThat(violations(Files.readString(RepositoryFiles.composeFile()))).isEmpty();
    }

    @Test
    void schemaRejectsAMisspelledKey() {
        // Negative control: the validator really checks the file.
        String broken = """
                services:
                  index-server:
                    imagee: landfall/index-server:dev
                """;
        assertThat(violations(broken)).anySatisfy(v -> assertThat(v).contains("imagee"));
    }

    @Test
    void schemaRejectsAWrongType() {
        String broken = """
                services:
                  kafka:
                    image: apache/kafka:4.2.1
                    depends_on: 5
                """;
        assertThat(violations(broken)).isNotEmpty();
    }

    @Test
    void fourLandfallServicesAreBuiltFromThisRepository() {
        assertThat(compose.moduleServices()).containsOnly(
                org.assertj.core.api.Assertions.entry("changelog-poller", "changelog-poller"),
                org.assertj.core.api.Assertions.entry("fetcher-service", "fetcher-service"),
                org.assertj.core.api.Assertions.entry("index-server", "index-server"),
                org.assertj.core.api.Assertions.entry("admin-server", "admin-server"));
        Path root = RepositoryFiles.root();
        compose.root().path("services").properties().forEach(e -> {
            JsonNode build = e.getValue().path("build");
            if (!build.isMissingNode()) {
                assertThat(build.path("context").asString()).as(e.getKey()).isEqualTo(".");
                assertThat(root.resolve(build.path("dockerfile").asString())).as(e.getKey()).isRegularFile();
            }
        });
    }

    @Test
    void fetchersCanBeScaled() {
        JsonNode fetcher = compose.service("fetcher-service");
        assertThat(fetcher.has("container_name")).isFalse();
        assertThat(fetcher.has("ports")).isFalse();
    }

    @Test
    void indexServerPublishesPort8080() {
        assertThat(compose.service("index-server").path("ports").toString()).contains("8080:8080");
    }

    @Test
    void theAdminServerPublishesPort8083OnLoopbackOnly() {
        assertThat(compose.service("admin-server").path("ports").toString()).contains("127.0.0.1:8083:8083");
        assertThat(compose.service("admin-server").path("build").path("args").path("PORT").asString()).isEqualTo("8083");
    }

    /** docs/decisions/008: the admin token and Kafka belong to the admin server; the index server serves only. */
    @Test
    void onlyTheAdminServerGetsTheAdminToken() {
        compose.moduleServices().forEach((service, module) -> {
            boolean hasToken = ComposeFile.environment(compose.service(service)).containsKey("LANDFALL_ADMIN_TOKEN");
            assertThat(hasToken).as(service).isEqualTo(service.equals("admin-server"));
        });
        assertThat(ComposeFile.environment(compose.service("index-server"))).doesNotContainKey("SPRING_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(compose.service("index-server").path("depends_on").has("kafka")).isFalse();
    }

    @Test
    void landfallServicesCheckReadinessOnTheirOwnPort() {
        compose.moduleServices().forEach((service, module) -> {
            JsonNode s = compose.service(service);
            String port = s.path("build").path("args").path("PORT").asString();
            assertThat(s.path("healthcheck").path("test").toString())
                    .as(service).contains("http://localhost:" + port + "/actuator/health/readiness");
        });
    }

    @Test
    void infrastructureHasHealthChecksAndServicesWaitForThem() {
        for (String infra : List.of("kafka", "postgres", "minio")) {
            assertThat(compose.service(infra).path("healthcheck").path("test").isMissingNode()).as(infra).isFalse();
        }
        Set<String> allowed = Set.of("service_healthy", "service_completed_successfully", "service_started");
        compose.root().path("services").properties().forEach(e ->
                e.getValue().path("depends_on").properties().forEach(d -> {
                    assertThat(compose.root().path("services").has(d.getKey())).as(e.getKey() + " -> " + d.getKey()).isTrue();
                    assertThat(d.getValue().path("condition").asString()).as(e.getKey() + " -> " + d.getKey()).isIn(allowed);
                }));
        assertThat(compose.service("index-server").path("depends_on").path("postgres").path("condition").asString())
                .isEqualTo("service_healthy");
        assertThat(compose.service("fetcher-service").path("depends_on").path("minio-bucket").path("condition").asString())
                .isEqualTo("service_completed_successfully");
    }

    @Test
    void kafkaIsTheOfficialKraftImage() {
        JsonNode kafka = compose.service("kafka");
        assertThat(kafka.path("image").asString()).isEqualTo("apache/kafka:4.2.1");
        assertThat(ComposeFile.environment(kafka)).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
    }

    @Test
    void simulatorListensOnAllInterfacesInItsOwnProfile() {
        JsonNode sim = compose.service("pypi-simulator");
        assertThat(sim.path("profiles").toString()).contains("simulator");
        assertThat(sim.path("command").toString()).contains("--host=0.0.0.0");
    }

    @Test
    void statefulServicesUseNamedVolumes() {
        java.util.Collection<String> declared = compose.root().path("volumes").propertyNames();
        for (String s : List.of("kafka", "postgres", "minio")) {
            String volume = compose.service(s).path("volumes").get(0).asString();
            assertThat(declared).as(s).contains(volume.substring(0, volume.indexOf(':')));
        }
    }
}
