package dev.landfall.admin.token;

import dev.landfall.admin.AdminProperties;
import dev.landfall.common.auth.FailedAttemptLimiter;
import dev.landfall.common.team.TokenDecision;
import dev.landfall.common.team.TeamToken;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The team-token gate of the write side (uploads): a client locked out after too many refusals gets 429 (the admin
 * API's limit and window, its own counters), otherwise {@link TokenDecision} decides. Every decision is a
 * {@code team_token_use} row and a line on {@code landfall.admin.audit}.
 */
public final class TokenGate {

    private static final Logger audit = LoggerFactory.getLogger("landfall.admin.audit");

    private final TeamTokens tokens;
    private final FailedAttemptLimiter limiter;

    public TokenGate(TeamTokens tokens, AdminProperties properties, Clock clock) {
        this.tokens = tokens;
        this.limiter = new FailedAttemptLimiter(properties.maxFailedAttempts(), properties.failureWindow(), clock);
    }

    public TokenDecision.Verdict check(HttpServletRequest request, String view, TeamToken.Scope scope) {
        String client = request.getRemoteAddr();
        Optional<Duration> locked = limiter.lockedOutFor(client);
        TokenDecision.Verdict verdict;
        if (locked.isPresent()) {
            long seconds = Math.max(1, (locked.get().toMillis() + 999) / 1000);
            verdict = new TokenDecision.Refused(429, "rate-limited",
                    "too many failed token checks from " + client + "; retry after " + seconds + " s", null);
        } else {
            verdict = TokenDecision.decide(request.getHeader("Authorization"), view, scope, tokens::find);
            if (verdict instanceof TokenDecision.Refused) {
                limiter.recordFailure(client);
            }
        }
        String outcome = verdict instanceof TokenDecision.Refused r ? r.outcome() : "accepted";
        int status = verdict instanceof TokenDecision.Refused r ? r.status() : 200;
        String detail = request.getMethod() + " " + request.getRequestURI();
        tokens.recordUse(view, verdict.tokenId(), scope, outcome, status, detail, client);
        audit.info("team-token view={} token={} scope={} outcome={} status={} client={}", view, verdict.tokenId(),
                scope.value(), outcome, status, client);
        return verdict;
    }

    /** Seconds a locked-out client must wait (for {@code Retry-After}). */
    public long retryAfterSeconds(HttpServletRequest request) {
        return limiter.lockedOutFor(request.getRemoteAddr()).map(d -> Math.max(1, (d.toMillis() + 999) / 1000)).orElse(1L);
    }
}
