package dev.landfall.admin.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.admin.AdminProperties;
import dev.landfall.common.auth.FailedAttemptLimiter;
import dev.landfall.admin.ShiftableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The admin API's gate: disabled without a token, 401/403 on missing/wrong tokens, lockout after repeated failures. */
class AdminAuthenticationTest {

    private final ShiftableClock clock = new ShiftableClock();

    private AdminAuthentication gate(String token) {
        AdminProperties p = new AdminProperties(token, 3, Duration.ofMinutes(1), "landfall-fetcher", Duration.ofHours(1), 200,
                Duration.ofSeconds(30));
        return new AdminAuthentication(p, new FailedAttemptLimiter(p.maxFailedAttempts(), p.failureWindow(), clock), new AdminAudit());
    }

    private static MockHttpServletRequest request(String ip, String authorization) {
        MockHttpServletRequest r = new MockHttpServletRequest("POST", "/admin/gc");
        r.setRemoteAddr(ip);
        if (authorization != null) {
            r.addHeader("Authorization", authorization);
        }
        return r;
    }

    private static int status(AdminAuthentication gate, MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        return gate.preHandle(request, response, new Object()) ? 200 : response.getStatus();
    }

    @Test
    void withoutAConfiguredTokenTheAdminApiIsDisabledEvenForAnEmptyBearer() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        assertThat(gate(null).preHandle(request("10.0.0.1", "Bearer "), response, new Object())).isFalse();
        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getContentAsString()).contains("landfall.admin.token");
        assertThat(status(gate("  "), request("10.0.0.1", "Bearer   "))).isEqualTo(403);
    }

    @Test
    void theRightTokenPassesAndNamesTheCallerByIpAndFingerprint() throws Exception {
        MockHttpServletRequest r = request("10.0.0.2", "Bearer s3cret");
        assertThat(status(gate("s3cret"), r)).isEqualTo(200);
        AdminCaller caller = AdminCaller.of(r);
        assertThat(caller.ip()).isEqualTo("10.0.0.2");
        assertThat(caller.tokenFingerprint()).hasSize(8).doesNotContain("s3cret");
    }

    @Test
    void aMissingTokenIs401AndAWrongOneIs403() throws Exception {
        AdminAuthentication gate = gate("s3cret");
        assertThat(status(gate, request("10.0.0.3", null))).isEqualTo(401);
        assertThat(status(gate, request("10.0.0.4", "Bearer s3cre"))).isEqualTo(403);
        assertThat(status(gate, request("10.0.0.5", "Bearer s3cret "))).as("surrounding blanks are trimmed").isEqualTo(200);
    }

    @Test
    void afterMaxFailuresTheIpIsLockedOutEvenWithTheRightTokenUntilTheWindowPasses() throws Exception {
        AdminAuthentication gate = gate("s3cret");
        for (int i = 0; i < 3; i++) {
            assertThat(status(gate, request("10.0.0.6", "Bearer guess" + i))).isEqualTo(403);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        assertThat(gate.preHandle(request("10.0.0.6", "Bearer s3cret"), response, new Object())).isFalse();
        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(Long.parseLong(response.getHeader("Retry-After"))).isBetween(1L, 60L);
        assertThat(status(gate, request("10.0.0.7", "Bearer s3cret"))).as("other IPs are not affected").isEqualTo(200);
        clock.shift(Duration.ofSeconds(61));
        assertThat(status(gate, request("10.0.0.6", "Bearer s3cret"))).isEqualTo(200);
    }

    @Test
    void propertiesNeverPrintTheToken() {
        AdminProperties p = new AdminProperties("s3cret", 5, Duration.ofMinutes(1), "g", Duration.ZERO, 1, Duration.ofSeconds(1));
        assertThat(p.toString()).doesNotContain("s3cret").contains("<set>");
    }
}
