package dev.landfall.admin.replay;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Queues ledger entries for re-publication: inserts their serials into changelog_outbox with {@code replay = TRUE}
 * (insert-if-absent, portable to H2). The poller's outbox publisher sends them with {@code replay = true}; fetching
 * is idempotent, so a replay only repairs. A serial already waiting in the outbox is left as it is.
 */
public final class ReplayQueue {

    /** Which ledger entries to replay. {@code latestOnly}: only the newest entry of each selected project. */
    public sealed interface Selection {
        record SerialRange(long from, long to) implements Selection { }

        record Projects(List<String> projects) implements Selection { }

        record Since(Instant since) implements Selection { }

        record Everything() implements Selection { }
    }

    private static final int CHUNK = 500;

    private final JdbcTemplate jdbc;

    public ReplayQueue(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Queues the selected entries; returns how many rows were added to the outbox. */
    public int queue(Selection selection, boolean latestOnly) {
        String latest = latestOnly ? " AND e.serial = (SELECT MAX(x.serial) FROM changelog_entry x WHERE x.project = e.project)" : "";
        if (selection instanceof Selection.SerialRange r) {
            if (r.from() > r.to()) {
                throw new IllegalArgumentException("empty serial range " + r.from() + ".." + r.to());
            }
            return insert("e.serial BETWEEN ? AND ?" + latest, r.from(), r.to());
        }
        if (selection instanceof Selection.Since s) {
            return insert("e.occurred_at >= ?" + latest, Timestamp.from(s.since()));
        }
        if (selection instanceof Selection.Projects p) {
            if (p.projects().isEmpty()) {
                throw new IllegalArgumentException("no projects given");
            }
            int total = 0;
            for (int from = 0; from < p.projects().size(); from += CHUNK) {
                List<String> chunk = p.projects().subList(from, Math.min(p.projects().size(), from + CHUNK));
                total += insert("e.project IN (" + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")" + latest,
                        chunk.toArray());
            }
            return total;
        }
        return insert("1 = 1" + latest);
    }

    /** Queues one ledger serial (a dead letter's re-drive); false if it is not in the ledger. */
    public boolean queueSerial(long serial) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM changelog_entry WHERE serial = ?", Integer.class, serial);
        if (n == null || n == 0) {
            return false;
        }
        insert("e.serial = ?", serial);
        return true;
    }

    /** Queues the newest ledger entry of each project (verify's repair). */
    public int queueLatestOf(Collection<String> projects) {
        return projects.isEmpty() ? 0 : queue(new Selection.Projects(new ArrayList<>(projects)), true);
    }

    private int insert(String where, Object... args) {
        String sql = "INSERT INTO changelog_outbox (serial, replay) SELECT e.serial, TRUE FROM changelog_entry e WHERE "
                + where + " AND NOT EXISTS (SELECT 1 FROM changelog_outbox o WHERE o.serial = e.serial)";
        try {
            return jdbc.update(sql, args);
        } catch (DuplicateKeyException e) {
            // The poller or a concurrent replay inserted one of these serials in between: the rest is retried once
            // (NOT EXISTS now skips it); a serial already queued needs no second row.
            return jdbc.update(sql, args);
        }
    }
}
