package dev.landfall.index.status;

import dev.landfall.common.ledger.PollerStateReads;
import dev.landfall.common.snapshot.SnapshotReads;
import dev.landfall.index.publish.SnapshotPublisher;
import dev.landfall.index.snapshot.SnapshotCatalog;
import dev.landfall.index.snapshot.SnapshotView;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Collects what the operator status page shows: reads {@code poller_state} and the catalog on a
 * timer (never per page view), and keeps a ring of lag samples for the chart.
 */
public final class StatusSampler {

    /** One observation. */
    public record Sample(Instant at, long upstreamSerial, long cursor, long floor, long initialProjects, long snapshot,
                         @Nullable Instant snapshotPublishedAt, long lagSerials, long lagSeconds) {
    }

    /** Page versions the fetchers landed in the last ten minutes and the last hour (tombstones included). */
    public record FetchActivity(long pagesLast10Minutes, long tombstonesLast10Minutes, long pagesLastHour) {
    }

    private static final int RING = 720;   // 2 h at one sample per 10 s
    private static final int RECENT_SNAPSHOTS = 10;

    private final JdbcTemplate jdbc;
    private final PollerStateReads pollerState;
    private final SnapshotReads snapshots;
    private final SnapshotCatalog catalog;
    private final SnapshotPublisher publisher;
    private final Clock clock;
    private final ArrayDeque<Sample> ring = new ArrayDeque<>(RING);
    private volatile @Nullable Sample latest;
    private volatile List<SnapshotReads.Summary> recentSnapshots = List.of();
    private volatile @Nullable FetchActivity fetchActivity;

    public StatusSampler(JdbcTemplate jdbc, SnapshotCatalog catalog, SnapshotPublisher publisher, Clock clock) {
        this.jdbc = jdbc;
        this.pollerState = new PollerStateReads(jdbc);
        this.snapshots = new SnapshotReads(jdbc);
        this.catalog = catalog;
        this.publisher = publisher;
        this.clock = clock;
    }

    public void sample() {
        Instant now = clock.instant();
        long[] state = pollerState.current()
                .map(p -> new long[] {p.upstreamLastSerial(), p.cursorSerial(), p.ledgerFloor(), p.initialProjects()})
                .orElse(new long[] {-1, -1, -1, 0});
        SnapshotView view = catalog.current().orElse(null);
        long w = view == null ? -1 : view.serial();
        Instant published = catalog.currentPublishedAt();
        long lagSerials = state[0] < 0 || w < 0 ? -1 : Math.max(0, state[0] - w);
        long lagSeconds = -1;
        if (w >= 0 && lagSerials > 0) {
            // The age of the oldest upstream change the snapshot does not contain yet.
            Instant firstMissing = jdbc.query("SELECT MIN(occurred_at) FROM changelog_entry WHERE serial > ?",
                    rs -> rs.next() && rs.getTimestamp(1) != null ? rs.getTimestamp(1).toInstant() : null, w);
            lagSeconds = firstMissing == null ? 0 : Math.max(0, Duration.between(firstMissing, now).toSeconds());
        } else if (w >= 0) {
            lagSeconds = 0;
        }
        Sample s = new Sample(now, state[0], state[1], state[2], state[3], w, published, lagSerials, lagSeconds);
        recentSnapshots = snapshots.newestSummaries(RECENT_SNAPSHOTS);
        fetchActivity = fetchActivity(now);
        latest = s;
        synchronized (ring) {
            if (ring.size() == RING) {
                ring.removeFirst();
            }
            ring.addLast(s);
        }
    }

    /** Counted by landed_at (indexed, see V30__index_server.sql): the fetchers' throughput as the database saw it. */
    private FetchActivity fetchActivity(Instant now) {
        long[] tenMinutes = jdbc.query("SELECT COUNT(*), COALESCE(SUM(CASE WHEN state = 'DELETED' THEN 1 ELSE 0 END), 0)"
                        + " FROM page_version WHERE landed_at > ?",
                rs -> rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : new long[] {0, 0},
                Timestamp.from(now.minus(Duration.ofMinutes(10))));
        Long hour = jdbc.queryForObject("SELECT COUNT(*) FROM page_version WHERE landed_at > ?", Long.class,
                Timestamp.from(now.minus(Duration.ofHours(1))));
        return new FetchActivity(tenMinutes[0], tenMinutes[1], hour == null ? 0 : hour);
    }

    public @Nullable Sample latest() {
        return latest;
    }

    public List<Sample> history() {
        synchronized (ring) {
            return List.copyOf(ring);
        }
    }

    /** The newest snapshot rows (newest first), as of the last sample. */
    public List<SnapshotReads.Summary> recentSnapshots() {
        return recentSnapshots;
    }

    /** Null before the first sample. */
    public @Nullable FetchActivity fetchActivity() {
        return fetchActivity;
    }

    public SnapshotPublisher.Status publisherStatus() {
        return publisher.status();
    }
}
