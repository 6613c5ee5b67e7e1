package dev.landfall.index.servability;

import java.util.Arrays;
import java.util.Collection;

/**
 * The newest servable serial (docs/architecture.md#ledger-and-servability), as a pure function.
 *
 * <p>W is servable iff W ≥ the ledger floor and no unsatisfied entry blocks it, an entry
 * (p, s) blocking {@code [s, next_p(s))}. Searching downwards from the ledger's max M: the
 * answer is the largest W in {@code (W0, M]} covered by no blocking interval. Candidates are M
 * and every {@code start − 1}: if W is covered and {@code s*} is the largest start ≤ W, every
 * point of {@code [s*, W]} is covered too (the interval covering W starts at or before {@code s*}),
 * so the next candidate is {@code s* − 1}. With starts sorted and a prefix maximum of ends this
 * is one sort plus a linear walk: ~100 ms for a million intervals.
 */
public final class ServabilityDecision {

    private ServabilityDecision() {
    }

    /**
     * @param lastSnapshot W0, the newest published snapshot (or {@code floor − 1} / −1 when none)
     * @param ledgerMax    M, the largest ledger serial known
     * @param floor        the ledger floor; no W below it is servable
     * @param blocking     every unsatisfied entry's interval (only those reaching above W0 matter; others are ignored)
     */
    public static ServabilityResult newestServable(long lastSnapshot, long ledgerMax, long floor, Collection<BlockingInterval> blocking) {
        long[] starts = new long[blocking.size()];
        long[] ends = new long[blocking.size()];
        int n = 0;
        for (BlockingInterval b : blocking) {
            if (b.end() > lastSnapshot + 1 && b.start() <= ledgerMax) {
                starts[n] = b.start();
                ends[n] = b.end();
                n++;
            }
        }
        return newestServable(lastSnapshot, ledgerMax, floor, starts, ends, n);
    }

    /**
     * Same over parallel arrays (the publisher's backlog hands them over without boxing);
     * the arrays are sorted in place by start.
     */
    public static ServabilityResult newestServable(long lastSnapshot, long ledgerMax, long floor, long[] starts, long[] ends, int n) {
        long lowest = Math.max(lastSnapshot + 1, floor);
        if (ledgerMax < lowest) {
            return new ServabilityResult.NothingNew(ledgerMax);
        }
        sortByStart(starts, ends, n);
        long[] prefixMaxEnd = new long[n];
        long max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, ends[i]);
            prefixMaxEnd[i] = max;
        }
        long w = ledgerMax;
        int k = upperBound(starts, n, w) - 1;   // largest index with start <= w
        while (w >= lowest) {
            if (k < 0 || prefixMaxEnd[k] <= w) {
                return new ServabilityResult.Servable(w);
            }
            w = starts[k] - 1;
            while (k >= 0 && starts[k] > w) {
                k--;
            }
        }
        return new ServabilityResult.NothingNew(w + 1);
    }

    private static int upperBound(long[] a, int n, long key) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Co-sorts ends with starts; the backlog is usually already in serial order, so this is cheap. */
    private static void sortByStart(long[] starts, long[] ends, int n) {
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++) {
            sorted = starts[i - 1] <= starts[i];
        }
        if (sorted) {
            return;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(starts[a], starts[b]));
        long[] s = new long[n];
        long[] e = new long[n];
        for (int i = 0; i < n; i++) {
            s[i] = starts[order[i]];
            e[i] = ends[order[i]];
        }
        System.arraycopy(s, 0, starts, 0, n);
        System.arraycopy(e, 0, ends, 0, n);
    }
}
