package dev.landfall.index.run;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongPredicate;

/**
 * The runs of clients that send no run cookie (README "Snapshot stickiness"): a request whose
 * {@link RunKey} made a request less than {@code idleGap} ago continues that run and reads the run's
 * snapshot; otherwise it starts a run on the current snapshot. A run also ends {@code maxAge} after it
 * started (as the cookie expires), so a client that never pauses still moves on.
 *
 * <p>Invariants: for one key the serials returned never decrease while the current serial passed in
 * never decreases (a run continues on its serial, moves forward to the current one when its snapshot is
 * no longer servable, and a new run starts on the current one); clients sharing a key (a NAT, a proxy
 * not trusted) share a run and so a snapshot. Memory is bounded: at {@code capacity} entries a sweep
 * drops ended runs, then the least recently seen ones, down to three quarters of the capacity (one
 * thread sweeps; others may add a few entries meanwhile).
 *
 * <p>Time is a caller-supplied monotonic nanosecond reading, so the table is tested without a clock.
 */
public final class RunTable {

    private final long idleGapNanos;
    /** A run's last-seen time is rewritten only when older than this: a run may end up to an eighth of the gap early. */
    private final long refreshNanos;
    private final long maxAgeNanos;
    private final int capacity;
    private final ConcurrentHashMap<RunKey, Run> runs;
    private final AtomicBoolean sweeping = new AtomicBoolean();

    /** A run: the snapshot it reads, when it started and when its client was last seen (nanos). */
    record Run(long serial, long startedNanos, long lastSeenNanos) {
    }

    public RunTable(Duration idleGap, Duration maxAge, int capacity) {
        if (idleGap.isNegative() || maxAge.isNegative() || capacity < 1) {
            throw new IllegalArgumentException("idle gap and max age must not be negative, capacity must be positive");
        }
        this.idleGapNanos = idleGap.toNanos();
        this.refreshNanos = idleGapNanos / 8;
        this.maxAgeNanos = maxAge.toNanos();
        this.capacity = capacity;
        this.runs = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16));
    }

    /** Stickiness off ({@code idleGap} 0): every cookie-less request reads the current snapshot. */
    public boolean enabled() {
        return idleGapNanos > 0;
    }

    /**
     * The snapshot {@code key}'s request at {@code now} reads.
     *
     * @param current  the replica's current snapshot (what a new run starts on)
     * @param servable whether a run's snapshot can still be served (retained); a cheap in-memory test
     */
    public long serialFor(RunKey key, long current, long now, LongPredicate servable) {
        return serialFor(key, current, now, servable, false);
    }

    /**
     * As {@link #serialFor(RunKey, long, long, LongPredicate)}; {@code startsRun} ends a live run first (the
     * caller's request opens a traversal of the index, such as the root index).
     */
    public long serialFor(RunKey key, long current, long now, LongPredicate servable, boolean startsRun) {
        if (!enabled()) {
            return current;
        }
        Run seen = runs.get(key);
        if (seen != null && !startsRun && now - seen.lastSeenNanos() < refreshNanos && live(seen, now) && servable.test(seen.serial())) {
            // Seen a moment ago: no write, so many requests of one key (a busy NAT) do not contend on its entry.
            return seen.serial();
        }
        if (seen == null && runs.size() >= capacity) {
            sweep(now);
        }
        Run run = runs.compute(key, (k, old) -> {
            if (old == null || !live(old, now) || startsRun) {
                return new Run(old == null ? current : Math.max(current, old.serial()), now, now);
            }
            // Its snapshot aged out: forward to the current one, never to an older one.
            long serial = servable.test(old.serial()) ? old.serial() : Math.max(old.serial(), current);
            return new Run(serial, old.startedNanos(), now);
        });
        return run.serial();
    }

    /** A file download of a live run keeps it alive (it may sit between two page requests); starts no run. */
    public void touch(RunKey key, long now) {
        if (enabled()) {
            runs.computeIfPresent(key, (k, old) -> live(old, now) ? new Run(old.serial(), old.startedNanos(), now) : old);
        }
    }

    /** Entries held (live or ended, not yet swept). */
    public int size() {
        return runs.size();
    }

    private boolean live(Run run, long now) {
        return now - run.lastSeenNanos() < idleGapNanos && now - run.startedNanos() < maxAgeNanos;
    }

    private void sweep(long now) {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            runs.values().removeIf(run -> !live(run, now));
            int target = capacity - capacity / 4;
            int excess = runs.size() - target;
            if (excess > 0) {
                // Still full of live runs (more clients within one gap than the table holds): drop the least
                // recently seen; those clients start a new run on the current snapshot (forward, never back).
                long[] seen = runs.values().stream().mapToLong(Run::lastSeenNanos).map(t -> t - now).toArray();
                Arrays.sort(seen);
                long cutoff = seen[Math.min(excess, seen.length) - 1] + now;
                runs.values().removeIf(run -> run.lastSeenNanos() - cutoff <= 0);
            }
        } finally {
            sweeping.set(false);
        }
    }

    /** For tests: the run held for {@code key}, if any. */
    Map<RunKey, Run> snapshotOfRuns() {
        return Map.copyOf(runs);
    }
}
