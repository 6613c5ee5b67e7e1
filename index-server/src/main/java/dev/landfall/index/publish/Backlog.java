package dev.landfall.index.publish;

import dev.landfall.common.project.ProjectName;
import dev.landfall.index.servability.BlockingInterval;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The unsatisfied ledger entries that can still block a future snapshot, kept in memory so a
 * servability computation reads no table: the feed adds ledger entries in serial order and
 * removes entries as page versions land. Satisfaction is only ever recorded on seeing a page
 * version row, so a missed row delays publication but can never publish an unservable cut.
 *
 * <p>Not thread-safe: owned by the publisher's single thread.
 */
final class Backlog {

    /** One unsatisfied entry; {@code end} is the project's next ledger serial ({@link BlockingInterval#OPEN} if none). */
    static final class Entry {
        final long serial;
        final ProjectName project;
        final long acceptUpto;
        final long occurredAtMillis;
        final boolean initial;
        long end = BlockingInterval.OPEN;

        Entry(long serial, ProjectName project, long acceptUpto, long occurredAtMillis, boolean initial) {
            this.serial = serial;
            this.project = project;
            this.acceptUpto = acceptUpto;
            this.occurredAtMillis = occurredAtMillis;
            this.initial = initial;
        }
    }

    /** Snapshot of the backlog for status and metrics. */
    record Stats(int blocking, int unsatisfiedInitial, @Nullable Entry oldest) {
    }

    private final TreeMap<Long, Entry> bySerial = new TreeMap<>();
    /** The unsatisfied entry of a project that is its newest ledger entry (its interval is open). */
    private final Map<ProjectName, Entry> openByProject = new HashMap<>();
    /** Unsatisfied entries with accept_upto above serial (initial sync); at most one per project. */
    private final Map<ProjectName, Entry> rangedByProject = new HashMap<>();
    private long ledgerMax = -1;
    private int unsatisfiedInitial;

    long ledgerMax() {
        return ledgerMax;
    }

    /** A ledger entry, in increasing serial order; {@code satisfied} if a page version already matched it. */
    void onLedgerEntry(long serial, ProjectName project, long acceptUpto, long occurredAtMillis, boolean initial, boolean satisfied) {
        if (serial <= ledgerMax) {
            return;
        }
        ledgerMax = serial;
        Entry previous = openByProject.remove(project);
        if (previous != null) {
            previous.end = serial;
        }
        if (!satisfied) {
            Entry e = new Entry(serial, project, acceptUpto, occurredAtMillis, initial);
            bySerial.put(serial, e);
            openByProject.put(project, e);
            if (acceptUpto > serial) {
                rangedByProject.put(project, e);
            }
            if (initial) {
                unsatisfiedInitial++;
            }
        }
    }

    /**
     * An on-demand admission entry, read by admission order, not serial order: its serial is usually far below
     * {@link #ledgerMax()}. One whose serial is above ledgerMax is left to {@link #onLedgerEntry} (the serial-ordered
     * feed delivers it later); one already delivered is either satisfied or held already.
     *
     * @param end the project's next ledger serial, {@link BlockingInterval#OPEN} if none
     */
    void onAdmission(long serial, ProjectName project, long acceptUpto, long end, long occurredAtMillis, boolean satisfied) {
        if (serial > ledgerMax || satisfied || bySerial.containsKey(serial)) {
            return;
        }
        Entry e = new Entry(serial, project, acceptUpto, occurredAtMillis, false);
        e.end = end;
        bySerial.put(serial, e);
        if (end == BlockingInterval.OPEN) {
            openByProject.put(project, e);
        }
        if (acceptUpto > serial) {
            rangedByProject.put(project, e);
        }
    }

    /** A landed page version of {@code project} stamped {@code serial}. */
    void onPageVersion(ProjectName project, long serial) {
        Entry exact = bySerial.get(serial);
        if (exact != null && exact.project.equals(project)) {
            remove(exact);
        }
        Entry ranged = rangedByProject.get(project);
        if (ranged != null && ranged.serial <= serial && serial <= ranged.acceptUpto) {
            remove(ranged);
        }
    }

    private void remove(Entry e) {
        bySerial.remove(e.serial);
        openByProject.remove(e.project, e);
        rangedByProject.remove(e.project, e);
        if (e.initial) {
            unsatisfiedInitial--;
        }
    }

    /** Forgets entries whose interval ends at or below {@code lastSnapshot + 1}: no future W can be blocked by them. */
    void prune(long lastSnapshot) {
        Iterator<Entry> it = bySerial.headMap(lastSnapshot + 1, true).values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (e.end <= lastSnapshot + 1) {
                it.remove();
                openByProject.remove(e.project, e);
                rangedByProject.remove(e.project, e);
                if (e.initial) {
                    unsatisfiedInitial--;
                }
            }
        }
    }

    /** The blocking intervals as parallel arrays sorted by start. */
    Intervals intervals() {
        int n = bySerial.size();
        long[] starts = new long[n];
        long[] ends = new long[n];
        int i = 0;
        for (Entry e : bySerial.values()) {
            starts[i] = e.serial;
            ends[i] = e.end;
            i++;
        }
        return new Intervals(starts, ends, n);
    }

    record Intervals(long[] starts, long[] ends, int n) {
    }

    /** The oldest entries, for re-checking against page_version (liveness, see class comment). */
    Iterable<Entry> oldest(int limit) {
        return () -> bySerial.values().stream().limit(limit).iterator();
    }

    Stats stats() {
        Map.Entry<Long, Entry> first = bySerial.firstEntry();
        return new Stats(bySerial.size(), unsatisfiedInitial, first == null ? null : first.getValue());
    }
}
