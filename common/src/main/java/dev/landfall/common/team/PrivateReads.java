package dev.landfall.common.team;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The read port of the private-project tables the admin server writes ({@code team_view_serial},
 * {@code private_project}, {@code team_view_access}, {@code project_claim}): the index server reads them in its
 * background refresh, never per request.
 */
public final class PrivateReads {

    private final JdbcTemplate jdbc;

    public PrivateReads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Each view's local serial (views without an upload yet are absent). */
    public Map<String, Long> localSerials() {
        Map<String, Long> serials = new HashMap<>();
        jdbc.query("SELECT view_name, local_serial FROM team_view_serial", rs -> {
            serials.put(rs.getString(1), rs.getLong(2));
        });
        return serials;
    }

    /** A view's private projects with the local serial of each one's current page object. */
    public Map<String, Long> projects(String view) {
        Map<String, Long> projects = new HashMap<>();
        jdbc.query("SELECT project, page_serial FROM private_project WHERE view_name = ?", rs -> {
            projects.put(rs.getString(1), rs.getLong(2));
        }, view);
        return projects;
    }

    /** A view's claimed names (uploadable although they exist upstream; hidden from the base like private ones). */
    public List<String> claims(String view) {
        return jdbc.queryForList("SELECT project FROM project_claim WHERE view_name = ? ORDER BY project", String.class, view);
    }

    /** The views that require a read token. */
    public Set<String> readProtected() {
        return new HashSet<>(jdbc.queryForList("SELECT view_name FROM team_view_access WHERE require_read_token", String.class));
    }
}
