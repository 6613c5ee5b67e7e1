package dev.landfall.common.team;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/** The read port of {@code team_token} (written by the admin server only). */
public final class TeamTokenReads {

    /** A token as stored: never its text. {@code revoked}: no longer accepted. */
    public record StoredToken(String id, String view, TeamToken.Scope scope, String sha256, boolean revoked) {
    }

    private final JdbcTemplate jdbc;

    public TeamTokenReads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<StoredToken> find(String id) {
        return jdbc.query("SELECT id, view_name, scope, token_sha256, revoked_at FROM team_token WHERE id = ?",
                (rs, i) -> stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5)), id)
                .stream().findFirst();
    }

    /** Every token, revoked ones included (a revoked token must be told apart from an unknown one in the audit). */
    public List<StoredToken> all() {
        return jdbc.query("SELECT id, view_name, scope, token_sha256, revoked_at FROM team_token",
                (rs, i) -> stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5)));
    }

    private static StoredToken stored(String id, String view, String scope, String sha, java.sql.@Nullable Timestamp revoked) {
        return new StoredToken(id, view, TeamToken.Scope.of(scope), sha, revoked != null);
    }
}
