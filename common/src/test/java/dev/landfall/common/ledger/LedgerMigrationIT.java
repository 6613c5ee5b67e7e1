package dev.landfall.common.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.landfall.testsupport.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ledger migrations run on both databases Landfall supports (PostgreSQL for deployments, H2 in
 * PostgreSQL mode for standalone) and the schema enforces the ledger's invariants on both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerMigrationIT {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 25, 12, 0, 0, 0, ZoneOffset.UTC);

    @RegisterExtension
    static final PostgresDatabase postgres = new PostgresDatabase();

    private final JdbcDataSource h2 = new JdbcDataSource();
    private final List<MigrateResult> migrations = new ArrayList<>();

    @BeforeAll
    void migrateBoth() {
        h2.setURL("jdbc:h2:mem:ledger_" + Long.toHexString(System.nanoTime())
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        for (DataSource ds : List.of(postgres.dataSource(), h2)) {
            migrations.add(flyway(ds).migrate());
        }
    }

    Stream<Named<DataSource>> databases() {
        return Stream.of(Named.of("PostgreSQL", postgres.dataSource()), Named.of("H2 (PostgreSQL mode)", h2));
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        for (DataSource ds : List.of(postgres.dataSource(), h2)) {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                for (String table : List.of("changelog_entry", "changelog_outbox", "poller_state", "page_version", "snapshot")) {
                    st.executeUpdate("DELETE FROM " + table);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void everyMigrationApplies(DataSource ds) {
        assertThat(migrations).allSatisfy(m -> {
            assertThat(m.success).isTrue();
            assertThat(m.migrationsExecuted).isPositive();
        });
        assertThat(flyway(ds).validateWithResult().validationSuccessful).isTrue();
        assertThat(flyway(ds).migrate().migrationsExecuted).as("migrating again does nothing").isZero();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theLedgerTablesExist(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            for (String table : List.of("changelog_entry", "changelog_outbox", "poller_state", "page_version", "snapshot")) {
                try (ResultSet rs = c.getMetaData().getTables(null, null, table.toLowerCase(Locale.ROOT), new String[] {"TABLE"})) {
                    assertThat(rs.next()).as(table).isTrue();
                }
            }
        }
    }

    /** docs/architecture.md#initial-sync: an entry is satisfied by a page stamped in [serial, accept_upto]; an empty interval is a bug. */
    @ParameterizedTest
    @MethodSource("databases")
    void acceptUptoBelowTheSerialIsRejected(DataSource ds) throws SQLException {
        insertEntry(ds, 10, 10);   // exact match: the normal changelog entry
        insertEntry(ds, 11, 500);  // initial-sync entry: listing may lag up to S0

        assertThatThrownBy(() -> insertEntry(ds, 12, 11)).isInstanceOf(SQLException.class);
        assertThat(count(ds, "changelog_entry")).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aSerialIsRecordedOnce(DataSource ds) throws SQLException {
        insertEntry(ds, 10, 10);

        assertThatThrownBy(() -> insertEntry(ds, 10, 10)).isInstanceOf(SQLException.class);
    }

    /**
     * Also the regression test of V2: on H2 an IN-list CHECK breaks every insert once the session that
     * created it (Flyway's, closed by now) is gone; these inserts run on later connections.
     */
    @ParameterizedTest
    @MethodSource("databases")
    void pageVersionStateIsPresentOrDeleted(DataSource ds) throws SQLException {
        insertPageVersion(ds, "numpy", 10, "PRESENT");
        insertPageVersion(ds, "numpy", 11, "DELETED");

        assertThatThrownBy(() -> insertPageVersion(ds, "numpy", 12, "STALE")).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> insertPageVersion(ds, "numpy", 13, "present")).isInstanceOf(SQLException.class);
        assertThat(count(ds, "page_version")).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aPageVersionIsRecordedOncePerProjectAndSerial(DataSource ds) throws SQLException {
        insertPageVersion(ds, "numpy", 10, "PRESENT");
        insertPageVersion(ds, "scipy", 10, "PRESENT");

        assertThatThrownBy(() -> insertPageVersion(ds, "numpy", 10, "DELETED")).isInstanceOf(SQLException.class);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void pollerStateHasASingleRow(DataSource ds) throws SQLException {
        insertPollerState(ds, 1);

        assertThatThrownBy(() -> insertPollerState(ds, 2)).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> insertPollerState(ds, 1)).isInstanceOf(SQLException.class);
    }

    private static Flyway flyway(DataSource ds) {
        return Flyway.configure().dataSource(ds).locations("classpath:db/migration").loggers("slf4j").load();
    }

    private static void insertEntry(DataSource ds, long serial, long acceptUpto) throws SQLException {
        update(ds, "INSERT INTO changelog_entry (serial, project, version, action, occurred_at, accept_upto) VALUES (?, ?, ?, ?, ?, ?)",
                serial, "numpy", null, "new release", NOW, acceptUpto);
    }

    private static void insertPageVersion(DataSource ds, String project, long serial, String state) throws SQLException {
        boolean present = state.equals("PRESENT");
        update(ds, "INSERT INTO page_version (project, serial, state, html_key, json_key, file_count, total_bytes, relaxed_from, landed_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                project, serial, state, present ? "pages/" + project + "/" + serial + ".html" : null,
                present ? "pages/" + project + "/" + serial + ".json" : null, present ? 3 : 0, present ? 1234L : 0L, null, NOW);
    }

    private static void insertPollerState(DataSource ds, int id) throws SQLException {
        update(ds, "INSERT INTO poller_state (id, cursor_serial, ledger_floor, upstream_last_serial, initial_projects, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)", id, 100L, 100L, 120L, 5L, NOW);
    }

    private static void update(DataSource ds, String sql, Object... args) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    private static long count(DataSource ds, String table) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
