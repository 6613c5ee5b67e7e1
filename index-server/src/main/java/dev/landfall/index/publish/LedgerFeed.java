package dev.landfall.index.publish;

import dev.landfall.common.journal.ActionKind;
import dev.landfall.index.servability.BlockingInterval;
import dev.landfall.common.project.ProjectName;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads what changed in the ledger and in page_version since the last call, feeding the
 * {@link Backlog} incrementally instead of re-scanning: ledger entries by serial (the poller
 * commits them in serial order), page versions by {@code landed_at} with an overlap margin for
 * late commits, and a periodic re-check of the oldest blocking entries for any row the
 * landed_at feed missed (fetcher clock skew). Missing a row only delays a snapshot.
 */
final class LedgerFeed {

    private static final int LEDGER_BATCH = 100_000;
    private static final int RECHECK_BATCH = 500;
    private static final Duration LANDED_OVERLAP = Duration.ofSeconds(10);

    private final JdbcTemplate jdbc;
    private Instant landedWatermark = Instant.EPOCH;
    /** The last demand_admission.seq read. */
    private long admissionSeq = -1;

    LedgerFeed(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Brings the backlog up to the ledger's current end. */
    void catchUp(Backlog backlog) {
        // Page versions first: a row that lands between the two reads is then seen by the
        // ledger query's EXISTS, never lost between them.
        readLandedPageVersions(backlog);
        int read;
        do {
            List<LedgerRow> rows = jdbc.query("""
                    SELECT e.serial, e.project, e.accept_upto, e.occurred_at, e.action,
                           CASE WHEN EXISTS (SELECT 1 FROM page_version v WHERE v.project = e.project
                                             AND v.serial BETWEEN e.serial AND e.accept_upto) THEN 1 ELSE 0 END AS sat
                    FROM changelog_entry e WHERE e.serial > ? ORDER BY e.serial LIMIT ?""",
                    (rs, i) -> new LedgerRow(rs.getLong(1), new ProjectName(rs.getString(2)), rs.getLong(3),
                            rs.getTimestamp(4).getTime(), ActionKind.INITIAL_ACTION.equals(rs.getString(5)), rs.getInt(6) == 1),
                    backlog.ledgerMax(), LEDGER_BATCH);
            for (LedgerRow r : rows) {
                backlog.onLedgerEntry(r.serial(), r.project(), r.acceptUpto(), r.occurredAtMillis(), r.initial(), r.satisfied());
            }
            read = rows.size();
        } while (read == LEDGER_BATCH);
        readAdmissions(backlog);
    }

    /**
     * On-demand admissions (demand_admission, poller-owned, written with their ledger entry in one transaction):
     * their entries lie below the serial the feed has read up to, so the serial-ordered read above misses those
     * committed after it passed their serial. After that read, so {@link Backlog#onAdmission} can tell which ones.
     */
    private void readAdmissions(Backlog backlog) {
        jdbc.query("""
                SELECT a.seq, a.project, a.serial, a.accept_upto, e.occurred_at,
                       CASE WHEN EXISTS (SELECT 1 FROM page_version v WHERE v.project = a.project
                                         AND v.serial BETWEEN a.serial AND a.accept_upto) THEN 1 ELSE 0 END AS sat,
                       (SELECT MIN(n.serial) FROM changelog_entry n WHERE n.project = a.project AND n.serial > a.serial) AS next_serial
                FROM demand_admission a JOIN changelog_entry e ON e.serial = a.serial
                WHERE a.seq > ? ORDER BY a.seq""", rs -> {
            long next = rs.getLong(7);
            backlog.onAdmission(rs.getLong(3), new ProjectName(rs.getString(2)), rs.getLong(4), rs.wasNull() ? BlockingInterval.OPEN : next,
                    rs.getTimestamp(5).getTime(), rs.getInt(6) == 1);
            admissionSeq = Math.max(admissionSeq, rs.getLong(1));
        }, admissionSeq);
    }

    /** One {@code changelog_entry} row as the backlog takes it; {@code satisfied} if a page version already matches it. */
    private record LedgerRow(long serial, ProjectName project, long acceptUpto, long occurredAtMillis, boolean initial,
                             boolean satisfied) {
    }

    private void readLandedPageVersions(Backlog backlog) {
        Instant from = landedWatermark.minus(LANDED_OVERLAP);
        Instant[] max = {landedWatermark};
        jdbc.query("SELECT project, serial, landed_at FROM page_version WHERE landed_at > ?", rs -> {
            backlog.onPageVersion(new ProjectName(rs.getString(1)), rs.getLong(2));
            Instant landed = rs.getTimestamp(3).toInstant();
            if (landed.isAfter(max[0])) {
                max[0] = landed;
            }
        }, Timestamp.from(from));
        landedWatermark = max[0];
    }

    /** Re-checks the oldest blocking entries directly against page_version. */
    void recheckOldest(Backlog backlog) {
        List<Backlog.Entry> oldest = new ArrayList<>();
        backlog.oldest(RECHECK_BATCH).forEach(oldest::add);
        if (oldest.isEmpty()) {
            return;
        }
        Set<String> projects = new HashSet<>();
        oldest.forEach(e -> projects.add(e.project.value()));
        String marks = String.join(",", projects.stream().map(p -> "?").toList());
        jdbc.query("SELECT project, serial FROM page_version WHERE project IN (" + marks + ")",
                rs -> {
                    backlog.onPageVersion(new ProjectName(rs.getString(1)), rs.getLong(2));
                }, projects.toArray());
    }
}
