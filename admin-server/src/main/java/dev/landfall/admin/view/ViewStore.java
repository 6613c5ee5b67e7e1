package dev.landfall.admin.view;

import dev.landfall.common.view.ViewDefinition;
import dev.landfall.common.view.ViewReads;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/** Writes the {@code team_view} table (its only writer); reads go through {@link ViewReads}. */
public final class ViewStore {

    /** Who last wrote a row. */
    enum Source { API, PROPERTIES }

    private final JdbcTemplate jdbc;
    private final ViewReads reads;
    private final Clock clock;

    public ViewStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.reads = new ViewReads(jdbc);
        this.clock = clock;
    }

    List<ViewDefinition> all() {
        return reads.all();
    }

    Optional<ViewDefinition> find(String name) {
        return all().stream().filter(v -> v.name().equals(name)).findFirst();
    }

    /** Creates or replaces the view; true if it was created. Idempotent; concurrent writers of one name: last wins. */
    boolean put(ViewDefinition view, Source source, String by) {
        Object[] values = {view.base(), ViewReads.joined(view.policy().allow()), ViewReads.joined(view.policy().block()),
                view.policy().excludePrereleases(), ViewReads.joined(view.policy().excludePlatforms()),
                view.policy().cooldown().toSeconds(), source.name().toLowerCase(), Timestamp.from(clock.instant()), by};
        for (int attempt = 0; ; attempt++) {
            int updated = jdbc.update("""
                    UPDATE team_view SET base = ?, allow_patterns = ?, block_patterns = ?, exclude_prereleases = ?,
                      exclude_platforms = ?, cooldown_seconds = ?, source = ?, updated_at = ?, updated_by = ? WHERE name = ?""",
                    append(values, view.name()));
            if (updated > 0) {
                return false;
            }
            try {
                jdbc.update("""
                        INSERT INTO team_view (base, allow_patterns, block_patterns, exclude_prereleases, exclude_platforms,
                          cooldown_seconds, source, updated_at, updated_by, name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                        append(values, view.name()));
                return true;
            } catch (DuplicateKeyException e) {
                if (attempt > 0) {
                    throw e;
                }
                // Another writer inserted the name between our update and insert: update it instead.
            }
        }
    }

    boolean delete(String name) {
        return jdbc.update("DELETE FROM team_view WHERE name = ?", name) > 0;
    }

    private static Object[] append(Object[] values, Object last) {
        Object[] all = java.util.Arrays.copyOf(values, values.length + 1);
        all[values.length] = last;
        return all;
    }
}
