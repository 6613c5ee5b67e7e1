package dev.landfall.index.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.common.leader.InJvmLeaderLock;
import dev.landfall.common.storage.FilesystemBlobStore;
import dev.landfall.index.IndexProperties;
import dev.landfall.index.fixture.MirrorFixture;
import dev.landfall.testsupport.PostgresDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The publisher on real PostgreSQL publishes exactly the newest servable W
 * (docs/architecture.md#ledger-and-servability), never an unservable one, monotonically; the
 * unsafe switch is the negative control.
 */
class SnapshotPublisherIT {

    @RegisterExtension
    static final PostgresDatabase db = new PostgresDatabase();

    @TempDir
    Path storage;

    private JdbcTemplate jdbc;
    private FilesystemBlobStore blobs;
    private MirrorFixture mirror;

    @BeforeEach
    void migrate() throws Exception {
        Flyway.configure().dataSource(db.dataSource()).cleanDisabled(false).load().clean();
        Flyway.configure().dataSource(db.dataSource()).load().migrate();
        jdbc = new JdbcTemplate(db.dataSource());
        blobs = new FilesystemBlobStore(storage);
        mirror = new MirrorFixture(jdbc, blobs);
    }

    private SnapshotPublisher publisher(boolean unsafe) {
        IndexProperties d = IndexProperties.defaults();
        return new SnapshotPublisher(jdbc, blobs, new InJvmLeaderLock(), Clock.systemUTC(),
                new IndexProperties(d.publishInterval(), d.snapshotPollInterval(), d.cacheSizeBytes(), d.cookieMaxAge(), true, unsafe,
                        d.runIdleGap(), d.runTableSize(), d.trustedProxies()));
    }

    @Test
    void publishesNothingBeforeTheFloorIsSatisfiedThenExactlyTheServableCut() throws Exception {
        mirror.pollerState(10, 10, 10, 2);
        mirror.initialEntry("alpha", 4, 10);
        mirror.initialEntry("beta", 7, 10);
        SnapshotPublisher publisher = publisher(false);
        mirror.landPage("alpha", 6);   // within [4, S0]: satisfies alpha's initial entry
        assertThat(publisher.publishOnce()).isNull();
        mirror.landPage("beta", 7);
        assertThat(publisher.publishOnce()).isEqualTo(10L);

        // beta changes at 12 (unsatisfied), alpha at 13 (satisfied): only 11 is servable.
        mirror.entry("beta", 12, "new release");
        mirror.entry("alpha", 13, "new release");
        mirror.landPage("alpha", 13);
        assertThat(publisher.publishOnce()).isEqualTo(11L);
        assertThat(publisher.status().oldestProject()).isEqualTo("beta");
        mirror.landPage("beta", 12);
        assertThat(publisher.publishOnce()).isEqualTo(13L);
        assertThat(publisher.publishOnce()).isNull();

        String index = new String(blobs.readAllBytes("snapshots/13/index.json"), StandardCharsets.UTF_8);
        assertThat(index).isEqualTo("{\"meta\":{\"api-version\":\"1.4\",\"_last-serial\":13},\"projects\":["
                + "{\"name\":\"alpha\",\"_last-serial\":13},{\"name\":\"beta\",\"_last-serial\":12}]}");
        assertThat(jdbc.queryForList("SELECT serial FROM snapshot ORDER BY serial", Long.class)).containsExactly(10L, 11L, 13L);
        assertThat(jdbc.queryForObject("SELECT files FROM snapshot WHERE serial = 13", Long.class)).isEqualTo(2L);
    }

    @Test
    void aStaleStampedPageDoesNotSatisfyTheEntryAndATombstoneRemovesTheProject() throws Exception {
        mirror.pollerState(5, 5, 5, 1);
        mirror.initialEntry("gamma", 5, 5);
        mirror.initialEntry("delta", 3, 5);
        mirror.landPage("gamma", 5);
        mirror.landPage("delta", 3);
        SnapshotPublisher publisher = publisher(false);
        assertThat(publisher.publishOnce()).isEqualTo(5L);
        mirror.entry("gamma", 8, "new release");
        mirror.landPage("gamma", 5 + 4);      // stamped 9: a later change, not entry 8
        mirror.entry("delta", 9, "remove project");
        mirror.landTombstone("delta", 9);
        assertThat(publisher.publishOnce()).isEqualTo(7L);
        mirror.entry("gamma", 10, "new release");
        mirror.landPage("gamma", 10);
        // Entry 8 still unsatisfied, so [8, 10) stays blocked; 10 itself is servable.
        assertThat(publisher.publishOnce()).isEqualTo(10L);
        String index = new String(blobs.readAllBytes("snapshots/10/index.json"), StandardCharsets.UTF_8);
        assertThat(index).contains("{\"name\":\"gamma\",\"_last-serial\":10}").doesNotContain("delta");
    }

    @Test
    void snapshotsAreMonotonicAcrossPublishers() throws Exception {
        mirror.pollerState(3, 3, 3, 1);
        mirror.initialEntry("eps", 3, 3);
        mirror.landPage("eps", 3);
        assertThat(publisher(false).publishOnce()).isEqualTo(3L);
        mirror.entry("eps", 4, "new release");
        mirror.landPage("eps", 4);
        SnapshotPublisher second = publisher(false);   // e.g. another replica after a leader change
        assertThat(second.publishOnce()).isEqualTo(4L);
        assertThat(publisher(false).publishOnce()).isNull();
        List<Long> serials = jdbc.queryForList("SELECT serial FROM snapshot ORDER BY published_at, serial", Long.class);
        assertThat(serials).isSorted();
    }

    @Test
    void aNewLeaderWaitsForAPageUnlandedByRepairInsteadOfOmittingIt() throws Exception {
        mirror.pollerState(3, 3, 3, 2);
        mirror.initialEntry("eps", 3, 3);
        mirror.initialEntry("zeta", 2, 3);
        mirror.landPage("eps", 3);
        mirror.landPage("zeta", 2);
        assertThat(publisher(false).publishOnce()).isEqualTo(3L);
        // Verify's repair unlands eps@3 (its files are being re-fetched); meanwhile the leader changes.
        jdbc.update("DELETE FROM page_version WHERE project = 'eps' AND serial = 3");
        mirror.entry("zeta", 4, "new release");
        mirror.landPage("zeta", 4);
        SnapshotPublisher newLeader = publisher(false);
        assertThat(newLeader.publishOnce()).as("eps's newest entry is unsatisfied again: it blocks").isNull();
        mirror.landPage("eps", 3); // the replay re-landed it
        assertThat(newLeader.publishOnce()).isEqualTo(4L);
        String index = new String(blobs.readAllBytes("snapshots/4/index.json"), StandardCharsets.UTF_8);
        assertThat(index).isEqualTo("{\"meta\":{\"api-version\":\"1.4\",\"_last-serial\":4},\"projects\":["
                + "{\"name\":\"eps\",\"_last-serial\":3},{\"name\":\"zeta\",\"_last-serial\":4}]}");
    }

    @Test
    void negativeControlTheUnsafePublisherPublishesAnUnservableCut() throws Exception {
        mirror.pollerState(3, 3, 3, 1);
        mirror.initialEntry("eps", 3, 3);
        mirror.landPage("eps", 3);
        mirror.entry("eps", 4, "new release");   // never landed
        assertThat(publisher(false).publishOnce()).isEqualTo(3L);
        assertThat(publisher(true).publishOnce()).isEqualTo(4L);
    }
}
