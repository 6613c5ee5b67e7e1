package dev.landfall.index.servability;

/**
 * An unsatisfied ledger entry of one project at serial {@code start}: no W in
 * {@code [start, end)} is servable, where {@code end} is the project's next ledger serial
 * ({@link #OPEN} if none yet).
 */
public record BlockingInterval(long start, long end) {

    /** The end of an interval whose project has no later ledger entry. */
    public static final long OPEN = Long.MAX_VALUE;

    public BlockingInterval {
        if (end <= start) {
            throw new IllegalArgumentException("empty blocking interval [" + start + ", " + end + ")");
        }
    }

    public boolean covers(long w) {
        return start <= w && w < end;
    }
}
