package dev.landfall.common.startup;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.Environment;

/**
 * Holds a service's start-up until its PostgreSQL accepts a connection, retrying with backoff.
 *
 * <p>Why: the services migrate the schema (Flyway) and validate it (JPA) while the application context
 * starts, so a service started during a database outage used to fail and exit, and relied on its
 * supervisor to restart it (crash loops, and "unexpected exits" in the fault campaign). Waiting here,
 * as the first bean factory post-processor — every property source is in place (tests' dynamic ones
 * too) and no bean exists yet — covers every later step at once.
 *
 * <p>While it waits, a minimal HTTP server on the service's port answers the Actuator probes the way the
 * application will: {@code /actuator/health/liveness} 200 (the process is fine; do not restart it),
 * everything else 503 (not ready). It is closed before the application's own server binds the port.
 *
 * <p>Settings: {@code landfall.startup.await-database} (default true) and
 * {@code landfall.startup.database-timeout} (default 0 = wait for ever; past it the start fails as before).
 * Only PostgreSQL URLs are awaited (the standalone jar's embedded H2 needs no wait). An auto-configuration
 * (listed in {@code META-INF/spring/…AutoConfiguration.imports}), so every service gets it.
 */
@AutoConfiguration
public class DatabaseStartupGate implements BeanFactoryPostProcessor, PriorityOrdered, EnvironmentAware {

    private static final Logger log = LoggerFactory.getLogger(DatabaseStartupGate.class);
    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration MAX_RETRY = Duration.ofSeconds(10);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(30);

    private @Nullable Environment env;

    @Override
    public void setEnvironment(Environment environment) {
        this.env = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        Environment env = Objects.requireNonNull(this.env, "environment");
        String url = env.getProperty("spring.datasource.url");
        if (url == null || !url.startsWith("jdbc:postgresql:")
                || !env.getProperty("landfall.startup.await-database", Boolean.class, true)) {
            return;
        }
        Duration timeout = env.getProperty("landfall.startup.database-timeout", Duration.class, Duration.ZERO);
        Properties credentials = new Properties();
        credentials.setProperty("user", env.getProperty("spring.datasource.username", ""));
        credentials.setProperty("password", env.getProperty("spring.datasource.password", ""));
        credentials.setProperty("connectTimeout", "5");
        credentials.setProperty("loginTimeout", "10");
        try {
            awaitDatabase(url, credentials, timeout, probePort(env));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for PostgreSQL at " + redact(url), e);
        }
    }

    /** Before every other post-processor: nothing may touch the database before it is reachable. */
    @Override
    public int getOrder() {
        return PriorityOrdered.HIGHEST_PRECEDENCE;
    }

    static void awaitDatabase(String url, Properties credentials, Duration timeout, int probePort) throws InterruptedException {
        long start = System.nanoTime();
        Duration retry = FIRST_RETRY;
        long lastReport = 0;
        @Nullable HttpServer probes = null;
        try {
            for (int attempt = 1; ; attempt++) {
                try (Connection ignored = DriverManager.getConnection(url, credentials)) {
                    if (attempt > 1) {
                        log.info("PostgreSQL at {} reachable after {} attempts ({} s): starting", redact(url), attempt,
                                Duration.ofNanos(System.nanoTime() - start).toSeconds());
                    }
                    return;
                } catch (SQLException e) {
                    long waited = System.nanoTime() - start;
                    if (!timeout.isZero() && waited >= timeout.toNanos()) {
                        throw new IllegalStateException("PostgreSQL at " + redact(url) + " not reachable within "
                                + timeout + " (landfall.startup.database-timeout): " + e.getMessage(), e);
                    }
                    if (attempt == 1 || waited - lastReport >= REPORT_EVERY.toNanos()) {
                        lastReport = waited;
                        log.warn("PostgreSQL at {} not reachable ({}); waiting for it, retrying with backoff up to every {} s"
                                + " (live, not ready)", redact(url), e.getMessage(), MAX_RETRY.toSeconds());
                    }
                    if (probes == null && probePort > 0) {
                        probes = holdProbes(probePort);
                    }
                }
                Thread.sleep(retry.toMillis());
                retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
            }
        } finally {
            if (probes != null) {
                probes.stop(0);
            }
        }
    }

    /** Liveness 200, everything else 503, on the port the application will serve its probes on. */
    private static @Nullable HttpServer holdProbes(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
            server.createContext("/", exchange -> {
                boolean live = exchange.getRequestURI().getPath().equals("/actuator/health/liveness");
                byte[] body = (live ? "{\"status\":\"UP\"}" : "{\"status\":\"OUT_OF_SERVICE\",\"waitingFor\":\"database\"}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(live ? 200 : 503, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            log.info("port {} not available for start-up probes while waiting for PostgreSQL ({})", port, e.getMessage());
            return null;
        }
    }

    /** The port Actuator's probes will be served on: the management port if separate, else the server port. */
    static int probePort(Environment env) {
        Integer management = env.getProperty("management.server.port", Integer.class);
        return management != null ? management : env.getProperty("server.port", Integer.class, 8080);
    }

    /** The URL without query parameters (they may hold credentials). */
    static String redact(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
