package dev.landfall.common.snapshot;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The one reader of the {@code snapshot} table for everyone but its writer's insert: the index server's
 * publisher and catalog, the admin server's verify and garbage collection, standalone's progress line and the
 * benchmarks all ask here, so the table's shape and the meaning of "retained" live in one place.
 * The publisher inserts the rows; garbage collection deletes expired ones (README "How it works").
 */
public final class SnapshotReads {

    /** One published snapshot: its serial W and when it was published. */
    public record Published(long serial, Instant publishedAt) {
    }

    /** One published snapshot with its totals (what the status page lists). */
    public record Summary(long serial, Instant publishedAt, long projects, long files, long totalBytes) {
    }

    private final JdbcTemplate jdbc;

    public SnapshotReads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** W of the newest published snapshot, empty before the first. */
    public OptionalLong newest() {
        Long max = jdbc.queryForObject("SELECT MAX(serial) FROM snapshot", Long.class);
        return max == null ? OptionalLong.empty() : OptionalLong.of(max);
    }

    /** Snapshots published at or after {@code horizon}, plus always the newest (retention never drops it); by serial. */
    public List<Published> retainedSince(Instant horizon) {
        return jdbc.query("SELECT serial, published_at FROM snapshot WHERE published_at >= ?"
                + " OR serial = (SELECT MAX(serial) FROM snapshot) ORDER BY serial", SnapshotReads::published, Timestamp.from(horizon));
    }

    /** Snapshots with a serial above {@code serial}, by serial (a replica following the table). */
    public List<Published> publishedAfter(long serial) {
        return jdbc.query("SELECT serial, published_at FROM snapshot WHERE serial > ? ORDER BY serial", SnapshotReads::published, serial);
    }

    /** Every snapshot row, by serial. */
    public List<Published> all() {
        return jdbc.query("SELECT serial, published_at FROM snapshot ORDER BY serial", SnapshotReads::published);
    }

    /** The {@code limit} newest snapshot rows, newest first. */
    public List<Summary> newestSummaries(int limit) {
        return jdbc.query("SELECT serial, published_at, projects, files, total_bytes FROM snapshot ORDER BY serial DESC LIMIT ?",
                (rs, row) -> new Summary(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getLong(3), rs.getLong(4), rs.getLong(5)), limit);
    }

    private static Published published(ResultSet rs, int row) throws SQLException {
        return new Published(rs.getLong(1), rs.getTimestamp(2).toInstant());
    }
}
