package dev.landfall.admin.verify;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/** The verify_run and verify_problem tables (V41): progress, resume cursor and findings of verify runs. */
public final class VerifyRuns {

    /** One run as the API shows it. */
    public record Run(long id, Instant startedAt, Instant updatedAt, @Nullable Instant finishedAt, String state, boolean deep,
                      boolean repair, boolean upstream, long checked, long rehashed, long problems, @Nullable String cursorProject,
                      @Nullable Long cursorSerial, String requestedBy, @Nullable String error) {
    }

    /** One finding and what repair did about it. */
    public record Problem(@Nullable String project, @Nullable Long serial, String objectKey, String kind, String detail,
                          String action) {
    }

    static final String RUNNING = "RUNNING";

    private final JdbcTemplate jdbc;

    public VerifyRuns(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long create(Instant now, boolean deep, boolean repair, boolean upstream, String who) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("INSERT INTO verify_run (started_at, updated_at, state, deep, repair, checked,"
                    + " rehashed, problems, requested_by, upstream) VALUES (?, ?, 'RUNNING', ?, ?, 0, 0, 0, ?, ?)", new String[] {"id"});
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setBoolean(3, deep);
            ps.setBoolean(4, repair);
            ps.setString(5, who);
            ps.setBoolean(6, upstream);
            return ps;
        }, keys);
        Number key = keys.getKeyAs(Number.class);
        return key != null ? key.longValue() : latestId();
    }

    private long latestId() {
        Long id = jdbc.queryForObject("SELECT MAX(id) FROM verify_run", Long.class);
        return id == null ? -1 : id;
    }

    /** Whether some run has reported progress since {@code since} (a run in progress, here or on another replica). */
    public boolean activeSince(Instant since) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM verify_run WHERE state = 'RUNNING' AND updated_at >= ?",
                Integer.class, Timestamp.from(since));
        return n != null && n > 0;
    }

    public void progress(long id, Instant now, long checked, long rehashed, long problems, @Nullable String cursorProject,
                  @Nullable Long cursorSerial) {
        jdbc.update("UPDATE verify_run SET updated_at = ?, checked = ?, rehashed = ?, problems = ?, cursor_project = ?,"
                + " cursor_serial = ? WHERE id = ?", Timestamp.from(now), checked, rehashed, problems, cursorProject, cursorSerial, id);
    }

    public void finish(long id, Instant now, String state, @Nullable String error) {
        jdbc.update("UPDATE verify_run SET updated_at = ?, finished_at = ?, state = ?, error = ? WHERE id = ?",
                Timestamp.from(now), Timestamp.from(now), state, error == null ? null : abbreviate(error), id);
    }

    public void markRunning(long id, Instant now) {
        jdbc.update("UPDATE verify_run SET state = 'RUNNING', updated_at = ?, finished_at = NULL, error = NULL WHERE id = ?",
                Timestamp.from(now), id);
    }

    public void addProblems(long runId, Instant now, List<Problem> problems) {
        jdbc.batchUpdate("INSERT INTO verify_problem (run_id, project, serial, object_key, kind, detail, action, found_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", problems, 500, (ps, p) -> {
            ps.setLong(1, runId);
            ps.setString(2, p.project());
            ps.setObject(3, p.serial());
            ps.setString(4, p.objectKey());
            ps.setString(5, p.kind());
            ps.setString(6, abbreviate(p.detail()));
            ps.setString(7, p.action());
            ps.setTimestamp(8, Timestamp.from(now));
        });
    }

    public Run get(long id) {
        List<Run> runs = jdbc.query("SELECT * FROM verify_run WHERE id = ?", VerifyRuns::run, id);
        if (runs.isEmpty()) {
            throw new NoSuchElementException("no verify run " + id);
        }
        return runs.get(0);
    }

    public List<Run> recent(int limit) {
        return jdbc.query("SELECT * FROM verify_run ORDER BY id DESC LIMIT ?", VerifyRuns::run, limit);
    }

    public List<Problem> problems(long runId, int limit) {
        return jdbc.query("SELECT project, serial, object_key, kind, detail, action FROM verify_problem WHERE run_id = ? ORDER BY id LIMIT ?",
                (rs, i) -> new Problem(rs.getString(1), (Long) rs.getObject(2, Long.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)), runId, limit);
    }

    private static Run run(ResultSet rs, int i) throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        return new Run(rs.getLong("id"), rs.getTimestamp("started_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                finished == null ? null : finished.toInstant(), rs.getString("state"), rs.getBoolean("deep"), rs.getBoolean("repair"), rs.getBoolean("upstream"),
                rs.getLong("checked"), rs.getLong("rehashed"), rs.getLong("problems"), rs.getString("cursor_project"),
                (Long) rs.getObject("cursor_serial", Long.class), rs.getString("requested_by"), rs.getString("error"));
    }

    private static String abbreviate(String s) {
        return s.length() > 1900 ? s.substring(0, 1900) + "..." : s;
    }
}
