package dev.landfall.admin.auth;

import dev.landfall.admin.AdminProperties;
import dev.landfall.common.auth.FailedAttemptLimiter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Guards every {@code /admin/} request: 403 when the admin API is disabled (no token configured), 429 with
 * {@code Retry-After} while the client IP is locked out after too many failures, 401 without a bearer token,
 * 403 with a wrong one (counted as a failure). The token is compared in constant time (on sha256 digests, so its
 * length leaks nothing either). Every refusal is audited.
 */
public final class AdminAuthentication implements HandlerInterceptor {

    private static final String BEARER = "Bearer ";

    private final @Nullable byte[] expectedDigest;
    private final FailedAttemptLimiter limiter;
    private final AdminAudit audit;

    public AdminAuthentication(AdminProperties properties, AdminAudit audit, Clock clock) {
        this(properties, new FailedAttemptLimiter(properties.maxFailedAttempts(), properties.failureWindow(), clock), audit);
    }

    AdminAuthentication(AdminProperties properties, FailedAttemptLimiter limiter, AdminAudit audit) {
        this.expectedDigest = properties.enabled() ? sha256(properties.token()) : null;
        this.limiter = limiter;
        this.audit = audit;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws IOException {
        String ip = request.getRemoteAddr();
        String what = request.getMethod() + " " + request.getRequestURI();
        if (expectedDigest == null) {
            return refuse(response, 403, "admin API disabled: no landfall.admin.token configured");
        }
        Optional<Duration> locked = limiter.lockedOutFor(ip);
        if (locked.isPresent()) {
            long seconds = Math.max(1, (locked.get().toMillis() + 999) / 1000);
            response.setHeader("Retry-After", Long.toString(seconds));
            audit.refused(ip, what, 429, "too many failed attempts");
            return refuse(response, 429, "too many failed admin authentications from " + ip + "; retry after " + seconds + " s");
        }
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            limiter.recordFailure(ip);
            audit.refused(ip, what, 401, "no bearer token");
            response.setHeader("WWW-Authenticate", "Bearer realm=\"landfall-admin\"");
            return refuse(response, 401, "bearer token required");
        }
        byte[] presented = sha256(header.substring(BEARER.length()).trim());
        if (!MessageDigest.isEqual(expectedDigest, presented)) {
            limiter.recordFailure(ip);
            audit.refused(ip, what, 403, "wrong token " + fingerprint(presented));
            return refuse(response, 403, "invalid token");
        }
        request.setAttribute(AdminCaller.ATTRIBUTE, new AdminCaller(ip, fingerprint(presented)));
        return true;
    }

    private static boolean refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(("{\"status\":" + status + ",\"error\":\"" + message.replace("\"", "'") + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        return false;
    }

    private static String fingerprint(byte[] digest) {
        return HexFormat.of().formatHex(digest, 0, 4);
    }

    private static byte[] sha256(@Nullable String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(String.valueOf(s).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
