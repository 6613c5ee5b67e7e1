package dev.landfall.common.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.common.ledger.PollerStateReads;
import dev.landfall.testsupport.PostgresDatabase;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The read ports of the shared tables ({@code snapshot}, {@code poller_state}) on both databases Landfall runs on:
 * PostgreSQL for deployments, H2 in PostgreSQL mode for standalone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedTableReadsIT {

    private static final Instant T = Instant.parse("2026-11-25T12:00:00Z");

    @RegisterExtension
    static final PostgresDatabase postgres = new PostgresDatabase();

    private final JdbcDataSource h2 = new JdbcDataSource();

    @BeforeAll
    void migrateBoth() {
        h2.setURL("jdbc:h2:mem:reads_" + Long.toHexString(System.nanoTime())
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        for (DataSource ds : List.of(postgres.dataSource(), h2)) {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        }
    }

    Stream<Named<JdbcTemplate>> databases() {
        return Stream.of(Named.of("PostgreSQL", new JdbcTemplate(postgres.dataSource())),
                Named.of("H2 (PostgreSQL mode)", new JdbcTemplate(h2)));
    }

    @BeforeEach
    void emptyTables() {
        databases().forEach(db -> {
            db.getPayload().update("DELETE FROM snapshot");
            db.getPayload().update("DELETE FROM poller_state");
        });
    }

    private static void snapshot(JdbcTemplate jdbc, long serial, Instant publishedAt) {
        jdbc.update("INSERT INTO snapshot (serial, published_at, projects, files, total_bytes, index_html_key, index_json_key)"
                + " VALUES (?, ?, 1, 1, 1, 'h', 'j')", serial, Timestamp.from(publishedAt));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void noSnapshotHasNoNewest(JdbcTemplate jdbc) {
        SnapshotReads reads = new SnapshotReads(jdbc);
        assertThat(reads.newest()).isEqualTo(OptionalLong.empty());
        assertThat(reads.retainedSince(T)).isEmpty();
        assertThat(reads.all()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theNewestIsTheLargestSerial(JdbcTemplate jdbc) {
        snapshot(jdbc, 12, T);
        snapshot(jdbc, 30, T.minusSeconds(5)); // publication time does not order snapshots; the serial does
        snapshot(jdbc, 20, T.plusSeconds(5));
        assertThat(new SnapshotReads(jdbc).newest()).isEqualTo(OptionalLong.of(30));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void retentionKeepsSnapshotsFromTheHorizonOnAndAlwaysTheNewest(JdbcTemplate jdbc) {
        snapshot(jdbc, 10, T.minusSeconds(3600));
        snapshot(jdbc, 11, T.minusMillis(1));       // just before the horizon: expired
        snapshot(jdbc, 12, T);                      // at the horizon: retained
        snapshot(jdbc, 13, T.plusSeconds(60));
        assertThat(new SnapshotReads(jdbc).retainedSince(T)).extracting(SnapshotReads.Published::serial).containsExactly(12L, 13L);
        // Even when every snapshot is older than the horizon, the newest stays retained.
        assertThat(new SnapshotReads(jdbc).retainedSince(T.plusSeconds(3600)))
                .containsExactly(new SnapshotReads.Published(13, T.plusSeconds(60)));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void publishedAfterListsOnlyLargerSerialsInOrder(JdbcTemplate jdbc) {
        snapshot(jdbc, 13, T);
        snapshot(jdbc, 11, T);
        snapshot(jdbc, 12, T);
        SnapshotReads reads = new SnapshotReads(jdbc);
        assertThat(reads.publishedAfter(11)).extracting(SnapshotReads.Published::serial).containsExactly(12L, 13L);
        assertThat(reads.publishedAfter(13)).isEmpty();
        assertThat(reads.all()).extracting(SnapshotReads.Published::serial).containsExactly(11L, 12L, 13L);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void thePollerPositionIsAbsentUntilTheInitialSyncIsRecorded(JdbcTemplate jdbc) {
        PollerStateReads reads = new PollerStateReads(jdbc);
        assertThat(reads.current()).isEmpty();

        jdbc.update("INSERT INTO poller_state (id, cursor_serial, ledger_floor, upstream_last_serial, initial_projects, updated_at)"
                + " VALUES (1, 120, 100, 130, 42, ?)", Timestamp.from(T));
        assertThat(reads.current()).contains(new PollerStateReads.PollerPosition(120, 100, 130, 42));
    }
}
