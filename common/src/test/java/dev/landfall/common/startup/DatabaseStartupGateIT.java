package dev.landfall.common.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** A service started while PostgreSQL is down waits for it, live but not ready, and starts when it comes. */
class DatabaseStartupGateIT {

    /** What every service has: auto-configuration, which brings the gate from common's imports file. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(DatabaseStartupGate.class)
    static class NoBeans {
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aServiceStartedDuringAnOutageWaitsAndStartsWhenPostgresComes() throws Exception {
        int pgPort = freePort();
        int httpPort = freePort();
        CompletableFuture<ConfigurableApplicationContext> started = CompletableFuture.supplyAsync(() -> app(
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres",
                "--spring.datasource.username=postgres", "--server.port=" + httpPort));

        // Waiting: live (no restart by the supervisor), not ready (no traffic), and not started.
        await().atMost(Duration.ofSeconds(20)).until(() -> status(httpPort, "/actuator/health/liveness") == 200);
        assertThat(status(httpPort, "/actuator/health/readiness")).isEqualTo(503);
        assertThat(started).isNotDone();

        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(pgPort).start()) {
            ConfigurableApplicationContext context = started.get(60, TimeUnit.SECONDS);
            assertThat(context.isActive()).isTrue();
            // The holding server is gone before the application's own server would bind the port.
            assertThat(status(httpPort, "/actuator/health/liveness")).isEqualTo(-1);
            context.close();
        }
    }

    @Test
    void withATimeoutTheStartFailsClearlyInsteadOfWaitingForEver() throws Exception {
        int pgPort = freePort();
        assertThatThrownBy(() -> app("--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres",
                "--landfall.startup.database-timeout=1s", "--server.port=0"))
                .hasMessageContaining("not reachable within PT1S").hasMessageContaining("127.0.0.1:" + pgPort);
    }

    @Test
    void everyServiceGetsTheGateThroughAutoConfiguration() throws IOException {
        try (var in = DatabaseStartupGate.class.getResourceAsStream(
                "/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains(DatabaseStartupGate.class.getName());
        }
    }

    @Test
    void nonPostgresDatabasesAreNotAwaited() {
        ConfigurableApplicationContext context = app("--spring.datasource.url=jdbc:h2:mem:none", "--server.port=0");
        assertThat(context.isActive()).isTrue();
        context.close();
    }

    private static ConfigurableApplicationContext app(String... args) {
        SpringApplication app = new SpringApplication(NoBeans.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        return app.run(args);
    }

    private int status(int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
