package dev.landfall.chaos;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One injected fault as it happened: kind and target, its window, and when the system had recovered
 * (for a kill: the restarted service ready; for every other fault: the served snapshot advancing again).
 */
final class FaultRecord {

    enum Kind { KILL, BROKER_DOWN, POSTGRES_DOWN, S3_DOWN, PROXY_LATENCY, PROXY_RESET, PROXY_BLACKHOLE, UPSTREAM_GARBAGE }

    final Kind kind;
    final String target;
    final long plannedAtMillis;
    final long plannedLengthMillis;
    volatile @Nullable Instant start;
    volatile @Nullable Instant end;
    volatile @Nullable Instant recovered;
    volatile @Nullable String note;

    FaultRecord(Kind kind, String target, long plannedAtMillis, long plannedLengthMillis) {
        this.kind = kind;
        this.target = target;
        this.plannedAtMillis = plannedAtMillis;
        this.plannedLengthMillis = plannedLengthMillis;
    }

    boolean covers(long atMillis) {
        Instant s = start;
        Instant e = end;
        return s != null && atMillis >= s.toEpochMilli() && (e == null || atMillis <= e.toEpochMilli());
    }

    /** Seconds from the end of the fault until recovery, -1 if it did not recover. */
    double recoverySeconds() {
        Instant e = end;
        Instant r = recovered;
        return e == null || r == null ? -1 : Math.max(0, r.toEpochMilli() - e.toEpochMilli()) / 1000.0;
    }

    String label() {
        return kind + "(" + target + ")";
    }

    @Override
    public String toString() {
        return label() + " at +" + plannedAtMillis / 1000 + "s for " + plannedLengthMillis / 1000.0 + "s";
    }
}
