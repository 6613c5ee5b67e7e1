package dev.landfall.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import java.util.Objects;

/**
 * A fresh PostgreSQL database per test class on the JVM's test server ({@link PostgresServer}: an
 * embedded real server by default), created through the {@code postgres} maintenance database and
 * dropped {@code WITH (FORCE)} afterwards. Fails (never skips) when the server cannot be reached.
 *
 * <pre>
 * &#64;RegisterExtension static final PostgresDatabase db = new PostgresDatabase();
 * &#64;DynamicPropertySource static void props(DynamicPropertyRegistry r) { db.register(r); }
 * </pre>
 */
public final class PostgresDatabase extends ManagedResource {

    private final @Nullable PostgresServer fixedServer;
    private @Nullable PostgresServer server;
    private @Nullable String databaseName;
    private @Nullable PGSimpleDataSource dataSource;

    /** A database on the JVM's shared test server (started on first use). */
    public PostgresDatabase() {
        this.fixedServer = null;
    }

    /** A database on the given server. */
    public PostgresDatabase(PostgresServer server) {
        this.fixedServer = server;
    }

    @Override
    synchronized void start(String owner) throws SQLException {
        if (databaseName != null) {
            return;
        }
        PostgresServer on = fixedServer != null ? fixedServer : PostgresServer.shared();
        String name = databaseNameFor(owner);
        try (Connection c = maintenanceConnection(on); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(on.jdbcUrl(name));
        ds.setUser(on.username());
        ds.setPassword(on.password());
        server = on;
        databaseName = name;
        dataSource = ds;
    }

    @Override
    synchronized boolean isRunning() {
        return databaseName != null;
    }

    /** The database's name, e.g. {@code lf_ledgermigrationit_3f9a1c}. */
    public synchronized String databaseName() {
        if (databaseName == null) {
            throw new IllegalStateException("PostgresDatabase not started (register it with @RegisterExtension static final, or call start())");
        }
        return databaseName;
    }

    public synchronized String jdbcUrl() {
        return started().jdbcUrl(databaseName());
    }

    public synchronized String username() {
        return started().username();
    }

    public synchronized String password() {
        return started().password();
    }

    private PostgresServer started() {
        databaseName();
        return Objects.requireNonNull(server);
    }

    /** A non-pooling DataSource (one physical connection per {@code getConnection()}): fine for tests. */
    public synchronized DataSource dataSource() {
        databaseName();
        return Objects.requireNonNull(dataSource);
    }

    /** Points Spring's datasource at this database ({@code spring.datasource.url/username/password}). */
    public void register(DynamicPropertyRegistry registry) {
        ManagedResource.register(springProperties(), registry);
    }

    @Override
    Map<String, Supplier<String>> springProperties() {
        Map<String, Supplier<String>> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", this::jdbcUrl);
        p.put("spring.datasource.username", this::username);
        p.put("spring.datasource.password", this::password);
        return p;
    }

    @Override
    public synchronized void close() throws SQLException {
        if (databaseName == null) {
            return;
        }
        String name = databaseName;
        PostgresServer on = Objects.requireNonNull(server);
        databaseName = null;
        dataSource = null;
        server = null;
        try (Connection c = maintenanceConnection(on); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static Connection maintenanceConnection(PostgresServer on) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", on.username());
        props.setProperty("password", on.password());
        props.setProperty("connectTimeout", "5");
        try {
            return DriverManager.getConnection(on.jdbcUrl("postgres"), props);
        } catch (SQLException e) {
            throw new SQLException("PostgreSQL is not reachable at " + on.host() + ":" + on.port() + " as user " + on.username()
                    + " (" + e.getMessage() + "); unset LANDFALL_TEST_PG_HOST to let the tests start their own server",
                    e.getSQLState(), e);
        }
    }

    /** lf_&lt;owner, lowercased, alphanumerics only, ≤ 30 chars&gt;_&lt;random&gt;: a valid unquoted identifier. */
    static String databaseNameFor(String owner) {
        String cleaned = owner.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (cleaned.length() > 30) {
            cleaned = cleaned.substring(0, 30);
        }
        return "lf_" + cleaned + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
    }
}
