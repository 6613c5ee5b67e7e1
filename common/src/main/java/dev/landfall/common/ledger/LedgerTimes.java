package dev.landfall.common.ledger;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * W's time, for policies that compare with it (a view's cooldown): the {@code occurred_at} of the ledger entry with
 * the greatest serial ≤ W. For changelog entries that is upstream's own journal timestamp, so it depends only on
 * W, never on when a replica answers; an initial-sync entry carries the time of the initial sync. Ledger rows are
 * never updated, so the answer for a published W never changes. One primary-key lookup.
 */
public final class LedgerTimes {

    private final JdbcTemplate jdbc;

    public LedgerTimes(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** W's time; {@link Instant#EPOCH} for a W below every ledger entry (an empty ledger lists no project). */
    public Instant timeOf(long w) {
        List<Timestamp> rows = jdbc.query("SELECT occurred_at FROM changelog_entry WHERE serial <= ? ORDER BY serial DESC LIMIT 1",
                (rs, i) -> rs.getTimestamp(1), w);
        return rows.isEmpty() ? Instant.EPOCH : rows.get(0).toInstant();
    }
}
