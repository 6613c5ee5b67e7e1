package dev.landfall.common.team;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.common.team.TeamTokenReads.StoredToken;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Team-token decisions (README "Team views"): each refusal next to the accepted case it differs from by one thing. */
class TokenDecisionTest {

    private final TeamToken token = TeamToken.generate(new SecureRandom());
    private final TeamToken other = TeamToken.generate(new SecureRandom());
    private final Map<String, StoredToken> stored = Map.of(
            token.id(), new StoredToken(token.id(), "team-a", TeamToken.Scope.UPLOAD, TeamToken.sha256Hex(token.text()), false),
            other.id(), new StoredToken(other.id(), "team-a", TeamToken.Scope.UPLOAD, TeamToken.sha256Hex(other.text()), true));

    private TokenDecision.Verdict decide(String authorization, String view, TeamToken.Scope scope) {
        return TokenDecision.decide(authorization, view, scope, id -> Optional.ofNullable(stored.get(id)));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theRightTokenForTheViewAndScopeIsAccepted() {
        assertThat(decide(basic("__token__", token.text()), "team-a", TeamToken.Scope.UPLOAD))
                .isEqualTo(new TokenDecision.Accepted(token.id()));
    }

    @Test
    void eachRefusalDiffersFromTheAcceptedCaseByOneThing() {
        assertThat(decide(null, "team-a", TeamToken.Scope.UPLOAD)).extracting("status", "outcome").containsExactly(401, "missing");
        assertThat(decide("Bearer " + token.text(), "team-a", TeamToken.Scope.UPLOAD)).extracting("status").isEqualTo(401);
        assertThat(decide(basic("__token__", token.text()), "team-b", TeamToken.Scope.UPLOAD))
                .extracting("status", "outcome").containsExactly(403, "wrong-view");
        assertThat(decide(basic("__token__", token.text()), "team-a", TeamToken.Scope.READ))
                .extracting("status", "outcome").containsExactly(403, "wrong-scope");
        assertThat(decide(basic("__token__", other.text()), "team-a", TeamToken.Scope.UPLOAD))
                .extracting("status", "outcome").containsExactly(403, "revoked");
        // Right id, wrong secret: the hash decides, not the id.
        String forged = token.text().substring(0, token.text().length() - 1) + (token.text().endsWith("A") ? "B" : "A");
        assertThat(decide(basic("__token__", forged), "team-a", TeamToken.Scope.UPLOAD))
                .extracting("status", "outcome").containsExactly(403, "unknown");
        assertThat(decide(basic("__token__", "lft_nothex"), "team-a", TeamToken.Scope.UPLOAD))
                .extracting("status", "outcome").containsExactly(403, "malformed");
    }

    @Test
    void theTokenTextHasItsIdAndOnlyItsHashIsCompared() {
        assertThat(TeamToken.idOf(token.text())).hasValue(token.id());
        assertThat(TeamToken.sha256Hex(token.text())).hasSize(64).doesNotContain(token.text());
        assertThat(TeamToken.sameDigest(TeamToken.sha256Hex(token.text()), TeamToken.sha256Hex(token.text()))).isTrue();
        assertThat(TeamToken.sameDigest(TeamToken.sha256Hex(token.text()), TeamToken.sha256Hex(other.text()))).isFalse();
    }
}
