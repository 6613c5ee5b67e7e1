package dev.landfall.common.team;

import dev.landfall.common.team.TeamTokenReads.StoredToken;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Whether a request's {@code Authorization} header carries a token of {@code view} with {@code scope}. Pure: the
 * stored token is looked up through the function given. No header (or not basic) → 401 so clients ask for
 * credentials; a malformed, unknown or revoked token, another team's token or the wrong scope → 403.
 */
public final class TokenDecision {

    /** The outcome; {@code tokenId} is known whenever the presented text was well formed. */
    public sealed interface Verdict {
        @Nullable String tokenId();
    }

    public record Accepted(String tokenId) implements Verdict {
    }

    public record Refused(int status, String outcome, String message, @Nullable String tokenId) implements Verdict {
    }

    private TokenDecision() {
    }

    public static Verdict decide(@Nullable String authorization, String view, TeamToken.Scope scope,
                                 Function<String, Optional<StoredToken>> lookup) {
        Optional<String> password = basicPassword(authorization);
        if (password.isEmpty()) {
            return new Refused(401, "missing", "a team token is required (HTTP basic, user " + TeamToken.USER + ")", null);
        }
        Optional<String> id = TeamToken.idOf(password.get());
        if (id.isEmpty()) {
            return new Refused(403, "malformed", "invalid token", null);
        }
        Optional<StoredToken> stored = lookup.apply(id.get());
        if (stored.isEmpty() || !TeamToken.sameDigest(stored.get().sha256(), TeamToken.sha256Hex(password.get()))) {
            return new Refused(403, "unknown", "invalid token", id.get());
        }
        StoredToken t = stored.get();
        if (t.revoked()) {
            return new Refused(403, "revoked", "token " + t.id() + " has been revoked", t.id());
        }
        if (!t.view().equals(view)) {
            return new Refused(403, "wrong-view", "token " + t.id() + " is not valid for view " + view, t.id());
        }
        if (t.scope() != scope) {
            return new Refused(403, "wrong-scope", "token " + t.id() + " has scope " + t.scope().value() + ", not "
                    + scope.value(), t.id());
        }
        return new Accepted(t.id());
    }

    /** The password of a basic {@code Authorization} header; empty without one. */
    public static Optional<String> basicPassword(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        // The user is not checked: the token names its row, and clients differ in what they send (__token__ is usual).
        return colon < 0 ? Optional.empty() : Optional.of(decoded.substring(colon + 1));
    }
}
