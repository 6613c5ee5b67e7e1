package dev.landfall.testsupport;

import static dev.landfall.testsupport.MirrorInfrastructure.Need.KAFKA;
import static dev.landfall.testsupport.MirrorInfrastructure.Need.POSTGRES;
import static dev.landfall.testsupport.MirrorInfrastructure.Need.S3;
import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.simulator.SimulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every resource asked for, registered into a Spring context the way a service test does: the
 * context sees exactly {@link MirrorInfrastructure#properties()}, those values are the running
 * resources', and a client configured only from the context's environment reaches each of them.
 */
@ExtendWith(MirrorInfrastructureIT.StillRunningAfterAll.class)
@SpringJUnitConfig(MirrorInfrastructureIT.NoBeans.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class MirrorInfrastructureIT {

    @RegisterExtension
    static final MirrorInfrastructure infra = MirrorInfrastructure.with(POSTGRES, KAFKA, S3)
            .withSimulator(SimulatorConfig.builder().seed(3).projects(10).build());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        infra.register(r);
    }

    @Configuration
    static class NoBeans {
    }

    @Autowired
    Environment environment;

    @Test
    void theContextSeesEveryPropertyWithTheRunningResourcesValue() {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("spring.datasource.url", infra.postgres().jdbcUrl()),
                Map.entry("spring.datasource.username", infra.postgres().username()),
                Map.entry("spring.datasource.password", infra.postgres().password()),
                Map.entry("spring.kafka.bootstrap-servers", infra.kafka().bootstrapServers()),
                Map.entry("landfall.storage.type", "s3"),
                Map.entry("landfall.storage.s3.endpoint", infra.s3().endpoint()),
                Map.entry("landfall.storage.s3.bucket", infra.s3().bucket()),
                Map.entry("landfall.storage.s3.region", infra.s3().region()),
                Map.entry("landfall.storage.s3.path-style", "true"),
                Map.entry("landfall.storage.s3.access-key", infra.s3().accessKey()),
                Map.entry("landfall.storage.s3.secret-key", infra.s3().secretKey()),
                Map.entry("landfall.upstream.url", infra.simulator().baseUrl()));
        assertThat(infra.properties()).containsExactlyInAnyOrderEntriesOf(expected);
        expected.forEach((name, value) -> assertThat(environment.getProperty(name)).as(name).isEqualTo(value));
        assertThat(environment.getProperty("landfall.storage.path")).isNull();
    }

    @Test
    void theDatabaseAnswersAtTheRegisteredUrl() throws Exception {
        try (Connection c = DriverManager.getConnection(environment.getRequiredProperty("spring.datasource.url"),
                environment.getRequiredProperty("spring.datasource.username"), environment.getRequiredProperty("spring.datasource.password"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_database()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(infra.postgres().databaseName());
        }
    }

    @Test
    void theBrokerAnswersAtTheRegisteredBootstrapServers() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                environment.getRequiredProperty("spring.kafka.bootstrap-servers")))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(KafkaBroker.CHANGELOG_TOPIC);
        }
    }

    @Test
    void theBucketAcceptsTheRegisteredCredentials() {
        try (S3Client client = S3Client.builder()
                .endpointOverride(URI.create(environment.getRequiredProperty("landfall.storage.s3.endpoint")))
                .region(Region.of(environment.getRequiredProperty("landfall.storage.s3.region")))
                .forcePathStyle(Boolean.parseBoolean(environment.getRequiredProperty("landfall.storage.s3.path-style")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        environment.getRequiredProperty("landfall.storage.s3.access-key"),
                        environment.getRequiredProperty("landfall.storage.s3.secret-key"))))
                .build()) {
            String bucket = environment.getRequiredProperty("landfall.storage.s3.bucket");
            client.putObject(b -> b.bucket(bucket).key("probe"), RequestBody.fromString("x"));
            assertThat(client.getObjectAsBytes(b -> b.bucket(bucket).key("probe")).asUtf8String()).isEqualTo("x");
        }
    }

    @Test
    void theSimulatorServesAtTheRegisteredUpstreamUrl() throws Exception {
        HttpResponse<Void> root = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(environment.getRequiredProperty("landfall.upstream.url") + "/simple/")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.headers().firstValue("X-PyPI-Last-Serial")).contains(Long.toString(infra.simulator().get().lastSerial()));
    }

    /** ManagedResource's Javadoc: the resources outlive the class-level extensions (the Spring context closing). */
    static final class StillRunningAfterAll implements AfterAllCallback {
        @Override
        public void afterAll(ExtensionContext context) {
            assertThat(infra.isRunning()).as("infrastructure still up when class-level extensions finish").isTrue();
            assertThat(infra.postgres().isRunning()).isTrue();
            assertThat(infra.kafka().isRunning()).isTrue();
            assertThat(infra.s3().isServing()).isTrue();
            assertThat(infra.simulator().isRunning()).isTrue();
        }
    }
}
