package dev.landfall.index.publish;

import dev.landfall.common.leader.InJvmLeaderLock;
import dev.landfall.common.project.ProjectName;
import dev.landfall.common.storage.FilesystemBlobStore;
import dev.landfall.index.IndexProperties;
import dev.landfall.index.servability.ServabilityDecision;
import dev.landfall.testsupport.PostgresDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Benchmark, not a test: PyPI scale (886k projects, 1M unsatisfied entries) in a fresh PostgreSQL
 * database; prints the time of the cold backlog load, of one servability computation, of an
 * incremental round and of publishing, plus the database size.
 * Run: {@code java -cp <test classpath> dev.landfall.index.publish.ServabilityBench [projects] [unsatisfied]}.
 */
public final class ServabilityBench {

    public static void main(String[] args) throws Exception {
        int projects = args.length > 0 ? Integer.parseInt(args[0]) : 886_000;
        int unsatisfied = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        long s0 = 1_000_000;
        try (PostgresDatabase db = new PostgresDatabase()) {
            db.start();
            Flyway.configure().dataSource(db.dataSource()).load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
            long t = System.nanoTime();
            jdbc.update("INSERT INTO changelog_entry SELECT g, 'project-' || g, NULL, 'landfall initial sync', now(), ? FROM generate_series(1, ?) g", s0, projects);
            jdbc.update("INSERT INTO page_version SELECT 'project-' || g, g, 'PRESENT', 'pages/project-' || g || '/' || g || '.html', "
                    + "'pages/project-' || g || '/' || g || '.json', 3, 30000, NULL, now() - interval '2 hours' + g * interval '1 millisecond' FROM generate_series(1, ?) g", projects);
            // Unsatisfied changelog entries spread over the projects (several per project, so most intervals are closed).
            jdbc.update("INSERT INTO changelog_entry SELECT ? + g, 'project-' || ((g::bigint * 7919) % ? + 1), '1.0', 'new release', now(), ? + g "
                    + "FROM generate_series(1, ?) g", s0, projects, s0, unsatisfied);
            jdbc.update("INSERT INTO poller_state VALUES (1, ?, ?, ?, ?, now())", s0 + unsatisfied, s0, s0 + unsatisfied, projects);
            jdbc.execute("ANALYZE");
            System.out.printf("setup: %d projects, %d unsatisfied entries in %.1f s%n", projects, unsatisfied, (System.nanoTime() - t) / 1e9);

            Path storage = Files.createTempDirectory("landfall-bench");
            IndexProperties d = IndexProperties.defaults();
            SnapshotPublisher publisher = new SnapshotPublisher(jdbc, new FilesystemBlobStore(storage), new InJvmLeaderLock(),
                    Clock.systemUTC(), d);
            t = System.nanoTime();
            Long w = publisher.publishOnce();
            System.out.printf("round 1 (cold backlog load of %d ledger rows + computation + first full root index): %.2f s, published %s%n",
                    projects + unsatisfied, (System.nanoTime() - t) / 1e9, w);
            SnapshotPublisher.Status st = publisher.status();
            System.out.printf("  backlog %d blocking entries, computation %.1f ms%n", st.blocking(), st.lastComputationNanos() / 1e6);
            for (int i = 0; i < 3; i++) {
                t = System.nanoTime();
                publisher.publishOnce();
                System.out.printf("round %d (incremental, nothing new): %.1f ms, of which computation %.1f ms%n",
                        i + 2, (System.nanoTime() - t) / 1e6, publisher.status().lastComputationNanos() / 1e6);
            }
            // Land the pages of the first 1000 unsatisfied entries: W advances, incremental root index.
            jdbc.update("INSERT INTO page_version SELECT project, serial, 'PRESENT', 'h', 'j', 3, 30000, NULL, now() "
                    + "FROM changelog_entry WHERE serial > ? AND serial <= ?", s0, s0 + 1000);
            t = System.nanoTime();
            w = publisher.publishOnce();
            System.out.printf("round with 1000 pages landed (incremental backlog + computation + incremental root index): %.2f s, published %s%n",
                    (System.nanoTime() - t) / 1e9, w);

            // A serving replica switching to the new snapshot: load + parse the 886k-project manifest, pre-gzip the root.
            dev.landfall.index.snapshot.SnapshotCatalog catalog = new dev.landfall.index.snapshot.SnapshotCatalog(
                    new dev.landfall.common.snapshot.SnapshotReads(jdbc),
                    new dev.landfall.index.snapshot.PageCache(new FilesystemBlobStore(storage), 1L << 30), Clock.systemUTC(),
                    new dev.landfall.common.snapshot.SnapshotProperties(java.time.Duration.ofDays(7)));
            t = System.nanoTime();
            catalog.refresh();
            System.out.printf("replica switch to snapshot %s (manifest %d projects, %.0f MB JSON): %.2f s%n",
                    catalog.current().map(v -> v.serial()).orElse(-1L), catalog.current().map(v -> v.pageSerials().size()).orElse(0),
                    catalog.current().map(v -> v.rootJson().bytes().length / 1e6).orElse(0.0), (System.nanoTime() - t) / 1e9);

            // The pure decision alone over the same intervals, warmed up.
            Backlog backlog = new Backlog();
            jdbc.query("SELECT serial, project, accept_upto FROM changelog_entry WHERE serial > ? ORDER BY serial", rs -> {
                backlog.onLedgerEntry(rs.getLong(1), new ProjectName(rs.getString(2)), rs.getLong(3), 0, false, false);
            }, s0);
            for (int i = 0; i < 5; i++) {
                t = System.nanoTime();
                Backlog.Intervals iv = backlog.intervals();
                var r = ServabilityDecision.newestServable(s0, s0 + unsatisfied, s0, iv.starts(), iv.ends(), iv.n());
                System.out.printf("pure computation over %d intervals: %.1f ms (%s)%n", iv.n(), (System.nanoTime() - t) / 1e6, r);
            }
            Long size = jdbc.queryForObject("SELECT pg_database_size(current_database())", Long.class);
            System.out.printf("database size: %.0f MB%n", size / 1e6);
            System.out.printf("heap used: %.0f MB%n", (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1e6);
        }
    }
}
