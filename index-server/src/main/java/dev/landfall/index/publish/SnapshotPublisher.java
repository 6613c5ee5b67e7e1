package dev.landfall.index.publish;

import dev.landfall.common.demand.DemandReads;
import dev.landfall.common.leader.LeaderLock;
import dev.landfall.common.ledger.PollerStateReads;
import dev.landfall.common.snapshot.SnapshotReads;
import dev.landfall.common.storage.BlobStore;
import dev.landfall.common.storage.StorageKeys;
import dev.landfall.index.IndexProperties;
import dev.landfall.index.servability.ServabilityDecision;
import dev.landfall.index.servability.ServabilityResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Publishes the newest servable snapshot, one replica at a time (leader lock role
 * {@value #ROLE}): catch the backlog up with the ledger, ask {@link ServabilityDecision}, and
 * on a new W write {@code snapshots/W/index.json|.html} and then the {@code snapshot} row —
 * the row last, so a reader that sees it finds the root index stored. Snapshots are monotonic:
 * the row is inserted only if no snapshot ≥ W exists.
 */
public final class SnapshotPublisher {

    public static final String ROLE = "landfall-index-publisher";
    private static final Logger log = LoggerFactory.getLogger(SnapshotPublisher.class);
    private static final Duration RECHECK_EVERY = Duration.ofSeconds(10);

    /** What the status page and metrics show about publishing on this replica. */
    public record Status(boolean leader, long lastSnapshot, long ledgerMax, int blocking, int unsatisfiedInitial,
                         @Nullable String oldestProject, long oldestSerial, @Nullable Instant oldestOccurredAt,
                         long lastComputationNanos) {
        static final Status IDLE = new Status(false, -1, -1, 0, 0, null, -1, null, 0);
    }

    private final JdbcTemplate jdbc;
    private final SnapshotReads snapshots;
    private final PollerStateReads pollerState;
    private final DemandReads demands;
    private final BlobStore blobs;
    private final LeaderLock leaderLock;
    private final Clock clock;
    private final boolean unsafeServeNewest;
    private Backlog backlog = new Backlog();
    private LedgerFeed feed;
    private @Nullable RootIndex lastIndex;
    private Instant lastRecheck = Instant.EPOCH;
    private volatile Status status = Status.IDLE;

    public SnapshotPublisher(JdbcTemplate jdbc, BlobStore blobs, LeaderLock leaderLock, Clock clock, IndexProperties properties) {
        this.jdbc = jdbc;
        this.snapshots = new SnapshotReads(jdbc);
        this.pollerState = new PollerStateReads(jdbc);
        this.demands = new DemandReads(jdbc);
        this.blobs = blobs;
        this.leaderLock = leaderLock;
        this.clock = clock;
        this.unsafeServeNewest = properties.unsafeServeNewest();
        this.feed = new LedgerFeed(jdbc);
        if (unsafeServeNewest) {
            log.warn("landfall.index.unsafe-serve-newest=true: publishing the newest page versions WITHOUT the servability rule (tests only)");
        }
    }

    public Status status() {
        return status;
    }

    /** One publishing round; returns the snapshot published, if any. Called from one thread. */
    public synchronized @Nullable Long publishOnce() {
        if (!leaderLock.tryAcquire(ROLE)) {
            if (status.leader()) {
                // Another replica leads now: its snapshots will not be in our backlog's view; start clean if we lead again.
                backlog = new Backlog();
                feed = new LedgerFeed(jdbc);
                lastIndex = null;
            }
            status = Status.IDLE;
            return null;
        }
        // poller_state first: the ledger is complete up to its cursor (written in the same transaction),
        // so reading the ledger afterwards sees every entry <= cursor.
        PollerStateReads.PollerPosition position = pollerState.current().orElse(null);
        long w0 = lastSnapshot();
        feed.catchUp(backlog);
        Instant now = clock.instant();
        if (Duration.between(lastRecheck, now).compareTo(RECHECK_EVERY) >= 0) {
            feed.recheckOldest(backlog);
            lastRecheck = now;
        }
        backlog.prune(w0);
        if (position == null) {
            updateStatus(w0, 0);
            return null;
        }
        long floor = position.ledgerFloor();
        // M: the ledger holds every entry up to the cursor even when its last entry is older
        // (after the initial sync the floor S0 usually has no entry of its own).
        long ledgerMax = Math.max(position.cursorSerial(), backlog.ledgerMax());
        long started = System.nanoTime();
        ServabilityResult result;
        if (unsafeServeNewest) {
            long w = ledgerMax;
            result = w > w0 && w >= floor ? new ServabilityResult.Servable(w) : new ServabilityResult.NothingNew(w);
        } else {
            Backlog.Intervals iv = backlog.intervals();
            result = ServabilityDecision.newestServable(w0, ledgerMax, floor, iv.starts(), iv.ends(), iv.n());
        }
        long nanos = System.nanoTime() - started;
        Long published = null;
        if (result instanceof ServabilityResult.Servable servable && publish(w0, servable.serial())) {
            published = servable.serial();
            w0 = published;
        }
        updateStatus(w0, nanos);
        return published;
    }

    private void updateStatus(long w0, long nanos) {
        Backlog.Stats s = backlog.stats();
        Backlog.Entry oldest = s.oldest();
        status = new Status(true, w0, backlog.ledgerMax(), s.blocking(), s.unsatisfiedInitial(),
                oldest == null ? null : oldest.project.value(), oldest == null ? -1 : oldest.serial,
                oldest == null ? null : Instant.ofEpochMilli(oldest.occurredAtMillis), nanos);
    }

    private long lastSnapshot() {
        return snapshots.newest().orElse(-1);
    }

    private boolean publish(long w0, long w) {
        RootIndex previous = lastIndex != null && lastIndex.serial() == w0 ? lastIndex : null;
        RootIndex next = withDemands(previous == null ? fullIndex(w) : incrementalIndex(previous, w));
        try {
            blobs.put(StorageKeys.snapshotIndexJson(w), next.json());
            blobs.put(StorageKeys.snapshotIndexHtml(w), next.html());
        } catch (IOException e) {
            throw new UncheckedIOException("storing the root index of snapshot " + w, e);
        }
        int inserted = jdbc.update("""
                INSERT INTO snapshot (serial, published_at, projects, files, total_bytes, index_html_key, index_json_key)
                SELECT ?, ?, ?, ?, ?, ?, ? FROM (VALUES (1)) AS one(x)
                WHERE NOT EXISTS (SELECT 1 FROM snapshot WHERE serial >= ?)""",
                w, Timestamp.from(clock.instant()), next.pages().size(), next.files(), next.bytes(),
                StorageKeys.snapshotIndexHtml(w), StorageKeys.snapshotIndexJson(w), w);
        if (inserted == 0) {
            lastIndex = null;
            return false;
        }
        lastIndex = next;
        return true;
    }

    /** The newest page version ≤ w per project, from scratch (first snapshot, or after a leader change). */
    private RootIndex fullIndex(long w) {
        TreeMap<String, RootIndex.Page> pages = new TreeMap<>();
        jdbc.query("""
                SELECT v.project, v.serial, v.state, v.file_count, v.total_bytes FROM page_version v
                JOIN (SELECT project, MAX(serial) AS s FROM page_version WHERE serial <= ? GROUP BY project) m
                  ON m.project = v.project AND m.s = v.serial""", rs -> {
            apply(pages, rs.getString(1), rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getLong(5));
        }, w);
        return new RootIndex(w, pages);
    }

    /** The previous snapshot's index plus the page versions stamped in (W0, W]. */
    private RootIndex incrementalIndex(RootIndex previous, long w) {
        TreeMap<String, RootIndex.Page> pages = new TreeMap<>(previous.pages());
        jdbc.query("""
                SELECT project, serial, state, file_count, total_bytes FROM page_version
                WHERE serial > ? AND serial <= ? ORDER BY serial""", rs -> {
            apply(pages, rs.getString(1), rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getLong(5));
        }, previous.serial(), w);
        return new RootIndex(w, pages);
    }

    /**
     * On-demand projects (docs/decisions/010-on-demand-admission.md): an admitted project's newest page version ≤ W
     * is usually stamped at or below the previous snapshot, so the incremental index cannot see it arrive; it is
     * looked up for every admitted project (bounded by landfall.mirror.demand-cap-total). A project an operator
     * removed leaves the index: the snapshot is then upstream at W restricted to a smaller mirrored set.
     */
    private RootIndex withDemands(RootIndex index) {
        TreeMap<String, RootIndex.Page> pages = new TreeMap<>(index.pages());
        jdbc.query("""
                SELECT v.project, v.serial, v.state, v.file_count, v.total_bytes FROM page_version v
                JOIN (SELECT pv.project, MAX(pv.serial) AS s FROM page_version pv
                      JOIN demand_admission a ON a.project = pv.project
                      WHERE pv.serial <= ? GROUP BY pv.project) m
                  ON m.project = v.project AND m.s = v.serial""", rs -> {
            apply(pages, rs.getString(1), rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getLong(5));
        }, index.serial());
        pages.keySet().removeAll(demands.removed());
        return new RootIndex(index.serial(), pages);
    }

    private static void apply(TreeMap<String, RootIndex.Page> pages, String project, long serial, String state, int files, long bytes) {
        if ("DELETED".equals(state)) {
            pages.remove(project);
        } else {
            pages.put(project, new RootIndex.Page(serial, files, bytes));
        }
    }
}
