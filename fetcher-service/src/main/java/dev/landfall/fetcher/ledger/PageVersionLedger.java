package dev.landfall.fetcher.ledger;

import dev.landfall.common.project.ProjectName;
import java.sql.Timestamp;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The fetcher's table access: writes {@code page_version} (its only writer; insert-only, idempotent) and reads
 * {@code changelog_entry} (written by the poller) for the tombstone decision. Portable SQL (PostgreSQL and H2).
 */
@Repository
public class PageVersionLedger {

    private final JdbcTemplate jdbc;

    public PageVersionLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public boolean isLanded(ProjectName project, long serial) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM page_version WHERE project = ? AND serial = ?",
                Integer.class, project.value(), serial);
        return n != null && n > 0;
    }

    /**
     * Inserts the row; an existing (project, serial) row is a no-op (a replay, a concurrent replica).
     *
     * @return true if this call inserted it
     */
    public boolean record(PageVersion v) {
        if (isLanded(v.project(), v.serial())) {
            return false;
        }
        try {
            jdbc.update("INSERT INTO page_version (project, serial, state, html_key, json_key, file_count, total_bytes,"
                            + " relaxed_from, landed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    v.project().value(), v.serial(), v.state().name(), v.htmlKey(), v.jsonKey(), v.fileCount(), v.totalBytes(),
                    v.relaxedFrom(), Timestamp.from(v.landedAt()));
            return true;
        } catch (DuplicateKeyException e) {
            // another replica landed the same page version between the check and the insert: same content, fine
            return false;
        }
    }

    /** The tombstone decision, with the ledger facts it needs read here. */
    public TombstoneDecision decideOnNotFound(ProjectName project, long eventSerial) {
        List<LedgerEntry> at = jdbc.query("SELECT serial, project, action FROM changelog_entry WHERE serial = ?",
                (rs, i) -> new LedgerEntry(rs.getLong(1), new ProjectName(rs.getString(2)), rs.getString(3)), eventSerial);
        @Nullable Long laterRemoval = jdbc.queryForObject(
                "SELECT MAX(serial) FROM changelog_entry WHERE project = ? AND serial > ? AND action = 'remove project'",
                Long.class, project.value(), eventSerial);
        return TombstoneDecision.decide(project, eventSerial, at.isEmpty() ? null : at.get(0), laterRemoval);
    }
}
