package dev.landfall.common.view;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The one reader of the {@code team_view} table besides its writer (the admin server): the index server asks here
 * for the views it serves. Lists are stored one entry per line.
 */
public final class ViewReads {

    static final String COLUMNS = "name, base, allow_patterns, block_patterns, exclude_prereleases, exclude_platforms, cooldown_seconds";

    private final JdbcTemplate jdbc;

    public ViewReads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every view, by name. */
    public List<ViewDefinition> all() {
        return jdbc.query("SELECT " + COLUMNS + " FROM team_view ORDER BY name", (rs, i) -> new ViewDefinition(
                rs.getString(1), rs.getString(2), new ViewPolicy(lines(rs.getString(3)), lines(rs.getString(4)),
                rs.getBoolean(5), lines(rs.getString(6)), Duration.ofSeconds(rs.getLong(7)))));
    }

    /** A list column's stored form. */
    public static String joined(List<String> values) {
        return String.join("\n", values);
    }

    static List<String> lines(String stored) {
        return stored.isEmpty() ? List.of() : Arrays.asList(stored.split("\n"));
    }
}
