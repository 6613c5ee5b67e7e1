package dev.landfall.index.status;

import dev.landfall.common.ledger.PollerStateReads;
import dev.landfall.index.publish.SnapshotPublisher;
import dev.landfall.index.snapshot.SnapshotCatalog;
import dev.landfall.index.snapshot.SnapshotView;
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

    private static final int RING = 720;   // 2 h at one sample per 10 s

    private final JdbcTemplate jdbc;
    private final PollerStateReads pollerState;
    private final SnapshotCatalog catalog;
    private final SnapshotPublisher publisher;
    private final Clock clock;
    private final ArrayDeque<Sample> ring = new ArrayDeque<>(RING);
    private volatile @Nullable Sample latest;

    public StatusSampler(JdbcTemplate jdbc, SnapshotCatalog catalog, SnapshotPublisher publisher, Clock clock) {
        this.jdbc = jdbc;
        this.pollerState = new PollerStateReads(jdbc);
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
        latest = s;
        synchronized (ring) {
            if (ring.size() == RING) {
                ring.removeFirst();
            }
            ring.addLast(s);
        }
    }

    public @Nullable Sample latest() {
        return latest;
    }

    public List<Sample> history() {
        synchronized (ring) {
            return List.copyOf(ring);
        }
    }

    public SnapshotPublisher.Status publisherStatus() {
        return publisher.status();
    }
}
