package dev.landfall.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.admin.gc.GarbageCollector;
import dev.landfall.admin.replay.ReplayQueue;
import dev.landfall.admin.verify.VerifyRunner;
import dev.landfall.admin.verify.VerifyRuns;
import dev.landfall.common.config.UpstreamProperties;
import dev.landfall.common.leader.InJvmLeaderLock;
import dev.landfall.common.ledger.PollerStateReads;
import dev.landfall.common.snapshot.SnapshotProperties;
import dev.landfall.common.snapshot.SnapshotReads;
import dev.landfall.common.storage.BlobInfo;
import dev.landfall.common.storage.BlobStore;
import dev.landfall.common.storage.FilesystemBlobStore;
import dev.landfall.testsupport.PostgresDatabase;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
 * The admin API's SQL on both databases (PostgreSQL for deployments, H2 in PostgreSQL mode for standalone): replay
 * rows in the outbox, verify-run bookkeeping, and garbage collection's choice of rows and objects.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminSqlIT {

    @RegisterExtension
    static final PostgresDatabase postgres = new PostgresDatabase();

    private final JdbcDataSource h2 = new JdbcDataSource();
    private final ShiftableClock clock = new ShiftableClock();

    @BeforeAll
    void migrateBoth() {
        h2.setURL("jdbc:h2:mem:admin_" + Long.toHexString(System.nanoTime())
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        for (DataSource ds : List.of(postgres.dataSource(), h2)) {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        }
    }

    Stream<Named<DataSource>> databases() {
        return Stream.of(Named.of("PostgreSQL", postgres.dataSource()), Named.of("H2 (PostgreSQL mode)", h2));
    }

    @BeforeEach
    void emptyTables() {
        for (DataSource ds : List.of(postgres.dataSource(), h2)) {
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            for (String t : List.of("verify_problem", "verify_run", "gc_candidate", "changelog_outbox", "changelog_entry",
                    "page_version", "snapshot", "poller_state")) {
                jdbc.update("DELETE FROM " + t);
            }
        }
    }

    private static void entry(JdbcTemplate jdbc, long serial, String project, Instant at) {
        jdbc.update("INSERT INTO changelog_entry (serial, project, version, action, occurred_at, accept_upto) VALUES (?, ?, NULL, 'new release', ?, ?)",
                serial, project, Timestamp.from(at), serial);
    }

    private static List<Long> replayRows(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT serial FROM changelog_outbox WHERE replay = TRUE ORDER BY serial", Long.class);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void replaysAreQueuedOnceAndMarked(DataSource ds) {
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        Instant t = Instant.parse("2026-11-01T00:00:00Z");
        entry(jdbc, 1, "a", t);
        entry(jdbc, 2, "b", t.plusSeconds(60));
        entry(jdbc, 3, "a", t.plusSeconds(120));
        entry(jdbc, 4, "c", t.plusSeconds(180));
        jdbc.update("INSERT INTO changelog_outbox (serial) VALUES (4)"); // the poller's own, not yet published
        ReplayQueue queue = new ReplayQueue(jdbc);

        assertThat(queue.queue(new ReplayQueue.Selection.SerialRange(1, 2), false)).isEqualTo(2);
        assertThat(queue.queue(new ReplayQueue.Selection.SerialRange(1, 3), false)).as("queued serials are not queued again").isEqualTo(1);
        assertThat(replayRows(jdbc)).containsExactly(1L, 2L, 3L);
        assertThat(jdbc.queryForObject("SELECT replay FROM changelog_outbox WHERE serial = 4", Boolean.class)).isFalse();

        jdbc.update("DELETE FROM changelog_outbox");
        assertThat(queue.queue(new ReplayQueue.Selection.Projects(List.of("a", "c")), true)).isEqualTo(2);
        assertThat(replayRows(jdbc)).containsExactly(3L, 4L);

        jdbc.update("DELETE FROM changelog_outbox");
        assertThat(queue.queue(new ReplayQueue.Selection.Since(t.plusSeconds(60)), false)).isEqualTo(3);
        jdbc.update("DELETE FROM changelog_outbox");
        assertThat(queue.queue(new ReplayQueue.Selection.Everything(), true)).isEqualTo(3);
        assertThat(replayRows(jdbc)).containsExactly(2L, 3L, 4L);
        assertThat(queue.queueSerial(99)).as("not in the ledger").isFalse();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void verifyRunsKeepProgressCursorAndFindings(DataSource ds) {
        VerifyRuns runs = new VerifyRuns(new JdbcTemplate(ds));
        Instant now = clock.instant();
        long id = runs.create(now, false, true, true, "10.0.0.1/token:abcd1234");
        VerifyRuns.Run created = runs.get(id);
        assertThat(created.state()).isEqualTo("RUNNING");
        assertThat(created.upstream()).isTrue();
        assertThat(created.cursorSerial()).isNull();
        assertThat(runs.activeSince(now.minusSeconds(1))).isTrue();

        runs.progress(id, now, 200, 3, 1, "foo", 42L);
        runs.addProblems(id, now, List.of(new VerifyRuns.Problem("foo", 42L, "packages/aa/bb/foo.whl", "MISSING", "object absent", "UNLANDED_REPLAYED")));
        runs.finish(id, now, "FINISHED", null);
        VerifyRuns.Run done = runs.get(id);
        assertThat(done.state()).isEqualTo("FINISHED");
        assertThat(done.cursorProject()).isEqualTo("foo");
        assertThat(done.cursorSerial()).isEqualTo(42L);
        assertThat(done.checked()).isEqualTo(200);
        assertThat(runs.activeSince(now.minusSeconds(1))).isFalse();
        assertThat(runs.problems(id, 10)).extracting(VerifyRuns.Problem::objectKey).containsExactly("packages/aa/bb/foo.whl");
        assertThat(runs.recent(5)).extracting(VerifyRuns.Run::id).containsExactly(id);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void garbageCollectionDeletesExactlyWhatNoRetainedSnapshotOrLandingReferences(DataSource ds) throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        Path dir = Files.createTempDirectory("admin-gc");
        BlobStore blobs = new FilesystemBlobStore(dir);
        Instant now = clock.instant();
        // a: page 10 (only the expired snapshot), page 20 (retained); b: page 15 (both), page 30 (in flight).
        page(blobs, "a", 10, "aa/a-1.whl");
        page(blobs, "a", 20, "aa/a-1.whl", "aa/a-2.whl");
        page(blobs, "b", 15, "bb/b-1.whl");
        page(blobs, "b", 30, "bb/b-2.whl");
        for (String f : List.of("aa/a-1.whl", "aa/a-2.whl", "bb/b-1.whl", "bb/b-2.whl", "zz/orphan.whl")) {
            blobs.put("packages/" + f, new byte[] {1, 2, 3});
        }
        row(jdbc, "a", 10, now.minus(Duration.ofHours(3)));
        row(jdbc, "a", 20, now.minus(Duration.ofHours(3)));
        row(jdbc, "b", 15, now.minus(Duration.ofHours(3)));
        row(jdbc, "b", 30, now.minusSeconds(60));
        snapshot(jdbc, blobs, 16, now.minus(Duration.ofHours(2)), "{\"name\":\"a\",\"_last-serial\":10},{\"name\":\"b\",\"_last-serial\":15}");
        snapshot(jdbc, blobs, 25, now.minus(Duration.ofMinutes(10)), "{\"name\":\"a\",\"_last-serial\":20},{\"name\":\"b\",\"_last-serial\":15}");

        AdminProperties props = new AdminProperties("t", 5, Duration.ofMinutes(1), "g", Duration.ZERO, 100, Duration.ofSeconds(5));
        SnapshotProperties retention = new SnapshotProperties(Duration.ofHours(1));
        VerifyRunner verify = new VerifyRunner(jdbc, new SnapshotReads(jdbc), new PollerStateReads(jdbc), blobs, new VerifyRuns(jdbc),
                new ReplayQueue(jdbc), props, retention,
                new UpstreamProperties(URI.create("http://127.0.0.1:9"), "test", Duration.ofSeconds(1), Duration.ofSeconds(1)), clock);
        GarbageCollector gc = new GarbageCollector(jdbc, new SnapshotReads(jdbc), blobs, new InJvmLeaderLock(), verify, props, retention, clock);
        Set<String> before = keys(blobs);

        GarbageCollector.Report dry = gc.collect(true);
        assertThat(keys(blobs)).as("dry run").isEqualTo(before);
        assertThat(dry.deletedSnapshots()).containsExactly(16L);
        assertThat(dry.deletedPageVersions()).isEqualTo(1);

        GarbageCollector.Report report = gc.collect(false);
        assertThat(report.retainedSnapshots()).containsExactly(25L);
        assertThat(new SnapshotReads(jdbc).all()).extracting(SnapshotReads.Published::serial).containsExactly(25L);
        assertThat(jdbc.queryForList("SELECT project || '/' || serial FROM page_version ORDER BY project, serial", String.class))
                .containsExactly("a/20", "b/15", "b/30");
        Set<String> removed = new TreeSet<>(before);
        removed.removeAll(keys(blobs));
        assertThat(removed).containsExactly("packages/zz/orphan.whl", "pages/a/10.html", "pages/a/10.json",
                "snapshots/16/index.html", "snapshots/16/index.json");
        assertThat(report.deletedObjects()).isEqualTo(removed.size());
        verify.destroy();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anInterruptedVerifyRunResumesAfterItsCursor(DataSource ds) throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        BlobStore blobs = new FilesystemBlobStore(Files.createTempDirectory("admin-verify"));
        // Both pages list a file that is not stored; the run already checked "a" before it was interrupted.
        page(blobs, "a", 10, "aa/a-1.whl");
        page(blobs, "b", 15, "bb/b-1.whl");
        row(jdbc, "a", 10, clock.instant());
        row(jdbc, "b", 15, clock.instant());
        VerifyRuns runs = new VerifyRuns(jdbc);
        long id = runs.create(clock.instant(), false, false, false, "test");
        runs.progress(id, clock.instant(), 1, 0, 0, "a", 10L);
        runs.finish(id, clock.instant(), "INTERRUPTED", "stopped with the process");

        AdminProperties props = new AdminProperties("t", 5, Duration.ofMinutes(1), "g", Duration.ZERO, 1, Duration.ofSeconds(5));
        VerifyRunner verify = new VerifyRunner(jdbc, new SnapshotReads(jdbc), new PollerStateReads(jdbc), blobs, runs, new ReplayQueue(jdbc),
                props, new SnapshotProperties(Duration.ofHours(1)),
                new UpstreamProperties(URI.create("http://127.0.0.1:9"), "test", Duration.ofSeconds(1), Duration.ofSeconds(1)), clock);
        try {
            verify.resume(id);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "FINISHED".equals(runs.get(id).state()));
            VerifyRuns.Run done = runs.get(id);
            assertThat(done.checked()).isEqualTo(2);
            assertThat(done.cursorProject()).isEqualTo("b");
            assertThat(runs.problems(id, 10)).extracting(VerifyRuns.Problem::objectKey).as("only what follows the cursor")
                    .containsExactly("packages/bb/b-1.whl");
            assertThat(runs.problems(id, 10)).extracting(VerifyRuns.Problem::action).containsExactly("NONE");
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM page_version", Integer.class)).as("repair=false changes nothing").isEqualTo(2);
        } finally {
            verify.destroy();
        }
    }

    private static void page(BlobStore blobs, String project, long serial, String... files) throws Exception {
        StringBuilder sb = new StringBuilder("{\"meta\":{\"_last-serial\":" + serial + "},\"name\":\"" + project + "\",\"files\":[");
        for (int i = 0; i < files.length; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"filename\":\"f\",\"url\":\"/packages/").append(files[i])
                    .append("\",\"hashes\":{\"sha256\":\"x\"},\"size\":3}");
        }
        blobs.put("pages/" + project + "/" + serial + ".json", sb.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        blobs.put("pages/" + project + "/" + serial + ".html", "<html></html>".getBytes(StandardCharsets.UTF_8));
    }

    private static void row(JdbcTemplate jdbc, String project, long serial, Instant landed) {
        jdbc.update("INSERT INTO page_version (project, serial, state, html_key, json_key, file_count, total_bytes, landed_at)"
                + " VALUES (?, ?, 'PRESENT', ?, ?, 1, 3, ?)", project, serial, "pages/" + project + "/" + serial + ".html",
                "pages/" + project + "/" + serial + ".json", Timestamp.from(landed));
    }

    private static void snapshot(JdbcTemplate jdbc, BlobStore blobs, long w, Instant at, String projects) throws Exception {
        blobs.put("snapshots/" + w + "/index.json", ("{\"meta\":{\"api-version\":\"1.4\",\"_last-serial\":" + w + "},\"projects\":["
                + projects + "]}").getBytes(StandardCharsets.UTF_8));
        blobs.put("snapshots/" + w + "/index.html", "<html></html>".getBytes(StandardCharsets.UTF_8));
        jdbc.update("INSERT INTO snapshot (serial, published_at, projects, files, total_bytes, index_html_key, index_json_key)"
                + " VALUES (?, ?, 2, 2, 6, ?, ?)", w, Timestamp.from(at), "snapshots/" + w + "/index.html", "snapshots/" + w + "/index.json");
    }

    private static Set<String> keys(BlobStore blobs) throws Exception {
        Set<String> keys = new TreeSet<>();
        for (String prefix : List.of("pages/", "packages/", "snapshots/")) {
            blobs.list(prefix).stream().map(BlobInfo::key).forEach(keys::add);
        }
        return keys;
    }
}
