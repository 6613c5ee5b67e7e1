package dev.landfall.common.demand;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The one read port of the on-demand tables (V50__on_demand.sql) for every service: {@code upstream_project} and
 * {@code demand_admission} (written by the poller), {@code project_demand} (the index server) and
 * {@code demand_removal} (the admin server). Writes nothing.
 */
public final class DemandReads {

    /** What the poller knows of one upstream project. */
    public record UpstreamProject(String name, long lastSerial, boolean present) {
    }

    /** One demanded project as the admin API lists it. */
    public record Demand(String project, Instant demandedAt, @Nullable Long admittedSerial, @Nullable Long acceptUpto,
                         @Nullable Instant admittedAt, @Nullable Instant removedAt) {
    }

    /** One admission, in the order the poller recorded them ({@code seq}). */
    public record Admission(long seq, String project, long serial, long acceptUpto) {
    }

    private final JdbcTemplate jdbc;

    public DemandReads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<UpstreamProject> upstream(String project) {
        return jdbc.query("SELECT name, last_serial, present FROM upstream_project WHERE name = ?",
                (rs, i) -> new UpstreamProject(rs.getString(1), rs.getLong(2), rs.getBoolean(3)), project).stream().findFirst();
    }

    public boolean isDemanded(String project) {
        return !jdbc.queryForList("SELECT 1 FROM project_demand WHERE project = ?", Integer.class, project).isEmpty();
    }

    public boolean isRemoved(String project) {
        return !jdbc.queryForList("SELECT 1 FROM demand_removal WHERE project = ?", Integer.class, project).isEmpty();
    }

    public long demandedSince(Instant since) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM project_demand WHERE demanded_at > ?", Long.class, Timestamp.from(since));
        return n == null ? 0 : n;
    }

    public long demandedTotal() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM project_demand", Long.class);
        return n == null ? 0 : n;
    }

    /** Demanded projects neither admitted yet nor removed, oldest first (what the poller admits next). */
    public List<String> pendingDemands(int limit) {
        return jdbc.queryForList("""
                SELECT d.project FROM project_demand d
                WHERE NOT EXISTS (SELECT 1 FROM demand_admission a WHERE a.project = d.project)
                  AND NOT EXISTS (SELECT 1 FROM demand_removal r WHERE r.project = d.project)
                ORDER BY d.demanded_at, d.project LIMIT ?""", String.class, limit);
    }

    /** Admitted projects an operator has not removed: with the allowlist, the poller's mirrored set. */
    public Set<String> admittedNotRemoved() {
        return new HashSet<>(jdbc.queryForList("""
                SELECT a.project FROM demand_admission a
                WHERE NOT EXISTS (SELECT 1 FROM demand_removal r WHERE r.project = a.project)""", String.class));
    }

    public Set<String> removed() {
        return new HashSet<>(jdbc.queryForList("SELECT project FROM demand_removal", String.class));
    }

    /** Admissions recorded after {@code seq}, in recording order. */
    public List<Admission> admissionsAfter(long seq) {
        return jdbc.query("SELECT seq, project, serial, accept_upto FROM demand_admission WHERE seq > ? ORDER BY seq",
                (rs, i) -> new Admission(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4)), seq);
    }

    /** Every demand with its admission and removal, newest demand first. */
    public List<Demand> demands(int limit) {
        return jdbc.query("""
                SELECT d.project, d.demanded_at, a.serial, a.accept_upto, a.admitted_at, r.removed_at
                FROM project_demand d
                LEFT JOIN demand_admission a ON a.project = d.project
                LEFT JOIN demand_removal r ON r.project = d.project
                ORDER BY d.demanded_at DESC, d.project LIMIT ?""", (rs, i) -> new Demand(rs.getString(1),
                rs.getTimestamp(2).toInstant(), (Long) rs.getObject(3, Long.class), (Long) rs.getObject(4, Long.class),
                instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6))), limit);
    }

    private static @Nullable Instant instant(@Nullable Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
