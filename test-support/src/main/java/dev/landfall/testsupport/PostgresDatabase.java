package dev.landfall.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A fresh PostgreSQL database per test class on the local server (127.0.0.1:5432, user
 * {@code postgres}, trust auth), created through the {@code postgres} maintenance database and
 * dropped {@code WITH (FORCE)} afterwards. Fails (never skips) when the server is down.
 *
 * <pre>
 * &#64;RegisterExtension static final PostgresDatabase db = new PostgresDatabase();
 * &#64;DynamicPropertySource static void props(DynamicPropertyRegistry r) { db.register(r); }
 * </pre>
 * Host/port can be overridden with the environment variables {@code LANDFALL_TEST_PG_HOST} and
 * {@code LANDFALL_TEST_PG_PORT}.
 */
public final class PostgresDatabase extends ManagedResource {

    private static final String START_HINT = "start it with: pg_ctlcluster --skip-systemctl-redirect 15 main start";

    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private @Nullable String databaseName;
    private @Nullable PGSimpleDataSource dataSource;

    public PostgresDatabase() {
        this(env("LANDFALL_TEST_PG_HOST", "127.0.0.1"), Integer.parseInt(env("LANDFALL_TEST_PG_PORT", "5432")), "postgres", "");
    }

    public PostgresDatabase(String host, int port, String username, String password) {
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
    }

    @Override
    synchronized void start(String owner) throws SQLException {
        if (databaseName != null) {
            return;
        }
        String name = databaseNameFor(owner);
        try (Connection c = maintenanceConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(urlOf(name));
        ds.setUser(username);
        ds.setPassword(password);
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

    public String jdbcUrl() {
        return urlOf(databaseName());
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** A non-pooling DataSource (one physical connection per {@code getConnection()}): fine for tests. */
    public synchronized DataSource dataSource() {
        databaseName();
        return java.util.Objects.requireNonNull(dataSource);
    }

    /** Points Spring's datasource at this database ({@code spring.datasource.url/username/password}). */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", this::jdbcUrl);
        registry.add("spring.datasource.username", this::username);
        registry.add("spring.datasource.password", this::password);
    }

    @Override
    public synchronized void close() throws SQLException {
        if (databaseName == null) {
            return;
        }
        String name = databaseName;
        databaseName = null;
        dataSource = null;
        try (Connection c = maintenanceConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private Connection maintenanceConnection() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", username);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        try {
            return DriverManager.getConnection(urlOf("postgres"), props);
        } catch (SQLException e) {
            throw new SQLException("PostgreSQL is not reachable at " + host + ":" + port + " as user " + username
                    + " (" + e.getMessage() + "); integration tests need the local server: " + START_HINT, e.getSQLState(), e);
        }
    }

    private String urlOf(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** lf_&lt;owner, lowercased, alphanumerics only, ≤ 30 chars&gt;_&lt;random&gt;: a valid unquoted identifier. */
    static String databaseNameFor(String owner) {
        String cleaned = owner.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (cleaned.length() > 30) {
            cleaned = cleaned.substring(0, 30);
        }
        return "lf_" + cleaned + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
