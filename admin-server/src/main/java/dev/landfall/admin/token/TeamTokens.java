package dev.landfall.admin.token;

import dev.landfall.common.team.TeamToken;
import dev.landfall.common.team.TeamTokenReads;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes {@code team_token}, {@code team_token_use} and {@code team_view_access} (their only writer). A token's text
 * leaves this class once, in the creation's answer; the table holds its sha256.
 */
public final class TeamTokens {

    /** A token as listed: never its text. */
    public record Listed(String id, String view, String scope, String description, String createdAt, String createdBy,
                         @Nullable String revokedAt, @Nullable String revokedBy) {
    }

    private final JdbcTemplate jdbc;
    private final TeamTokenReads reads;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public TeamTokens(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.reads = new TeamTokenReads(jdbc);
        this.clock = clock;
    }

    TeamToken create(String view, TeamToken.Scope scope, String description, String by) {
        TeamToken token = TeamToken.generate(random);
        jdbc.update("""
                INSERT INTO team_token (id, view_name, scope, token_sha256, description, created_at, created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", token.id(), view, scope.value(), TeamToken.sha256Hex(token.text()),
                description, Timestamp.from(clock.instant()), by);
        return token;
    }

    List<Listed> list(String view) {
        return jdbc.query("""
                SELECT id, view_name, scope, description, created_at, created_by, revoked_at, revoked_by
                FROM team_token WHERE view_name = ? ORDER BY created_at, id""", (rs, i) -> new Listed(rs.getString(1),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant().toString(), rs.getString(6),
                rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant().toString(), rs.getString(8)), view);
    }

    /** Revokes the view's token; false if the view has no such token or it was revoked already. */
    boolean revoke(String view, String id, String by) {
        return jdbc.update("UPDATE team_token SET revoked_at = ?, revoked_by = ? WHERE view_name = ? AND id = ? AND revoked_at IS NULL",
                Timestamp.from(clock.instant()), by, view, id) > 0;
    }

    public Optional<TeamTokenReads.StoredToken> find(String id) {
        return reads.find(id);
    }

    /** One {@code team_token_use} row: a decision of the upload gate. */
    public void recordUse(String view, @Nullable String tokenId, TeamToken.Scope scope, String outcome, int status,
                          String detail, String client) {
        jdbc.update("""
                INSERT INTO team_token_use (view_name, token_id, scope, outcome, status, detail, client, used_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", view, tokenId, scope.value(), outcome, status,
                detail.length() > 500 ? detail.substring(0, 500) : detail, client.length() > 100 ? client.substring(0, 100) : client,
                Timestamp.from(clock.instant()));
    }

    /** The view's recorded uses, newest first (for the admin API). */
    List<Map<String, Object>> uses(String view, int limit) {
        return jdbc.queryForList("""
                SELECT token_id, scope, outcome, status, detail, client, used_at FROM team_token_use
                WHERE view_name = ? ORDER BY id DESC LIMIT ?""", view, limit);
    }

    void setReadProtected(String view, boolean required, String by) {
        Timestamp now = Timestamp.from(clock.instant());
        if (jdbc.update("UPDATE team_view_access SET require_read_token = ?, updated_at = ?, updated_by = ? WHERE view_name = ?",
                required, now, by, view) == 0) {
            jdbc.update("INSERT INTO team_view_access (view_name, require_read_token, updated_at, updated_by) VALUES (?, ?, ?, ?)",
                    view, required, now, by);
        }
    }

    boolean readProtected(String view) {
        return Boolean.TRUE.equals(jdbc.query("SELECT require_read_token FROM team_view_access WHERE view_name = ?",
                rs -> rs.next() ? rs.getBoolean(1) : Boolean.FALSE, view));
    }
}
