package dev.landfall.standalone;

import dev.landfall.common.snapshot.SnapshotReads;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Prints the initial-sync progress and, once the first snapshot is published, the URL to point
 * pip at. Reads the ledger only (cheap counts every few seconds); never on a request path.
 */
final class SyncProgressReporter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SyncProgressReporter.class);

    private final JdbcTemplate jdbc;
    private final SnapshotReads snapshots;
    private final int port;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "landfall-progress");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean running;
    private long announcedSnapshot = -1;
    private String lastLine = "";
    private long lastLoggedAt;

    SyncProgressReporter(JdbcTemplate jdbc, int port) {
        this.jdbc = jdbc;
        this.snapshots = new SnapshotReads(jdbc);
        this.port = port;
    }

    @Override
    public void start() {
        running = true;
        timer.scheduleWithFixedDelay(this::report, 2, 3, TimeUnit.SECONDS);
    }

    private void report() {
        long now = System.nanoTime();
        // Every few seconds while the initial sync runs; once serving, the counts are read (and
        // logged) at most once a minute: they scan the ledger and page versions.
        if (announcedSnapshot >= 0 && now - lastLoggedAt < TimeUnit.MINUTES.toNanos(1)) {
            return;
        }
        try {
            long snapshot = snapshots.newest().orElse(-1);
            Long total = jdbc.queryForObject("SELECT COUNT(*) FROM changelog_entry WHERE action = ?",
                    Long.class, dev.landfall.common.journal.ActionKind.INITIAL_ACTION);
            Long landed = jdbc.queryForObject("SELECT COUNT(DISTINCT project) FROM page_version", Long.class);
            String line = snapshot < 0
                    ? "Initial sync: " + landed + " of " + total + " projects landed; no snapshot yet"
                    : "Serving snapshot " + snapshot + " (" + landed + " projects landed, " + total + " in the initial listing)";
            if (!line.equals(lastLine)) {
                log.info(line);
                lastLine = line;
            }
            lastLoggedAt = now;
            if (snapshot >= 0 && announcedSnapshot < 0) {
                announcedSnapshot = snapshot;
                log.info("Landfall is serving. Point pip at it:  pip install --index-url http://127.0.0.1:{}/simple/ <package>", port);
            }
        } catch (RuntimeException e) {
            log.debug("progress report skipped: {}", e.getMessage()); // schema not migrated yet at start-up
        }
    }

    @Override
    public void stop() {
        running = false;
        timer.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
