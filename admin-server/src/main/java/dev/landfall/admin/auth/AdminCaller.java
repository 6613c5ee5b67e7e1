package dev.landfall.admin.auth;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who performed an admin action, for the audit log: the client IP and a fingerprint of the token used (the first
 * 8 hex digits of its sha256 — enough to tell rotated tokens apart, useless for guessing it).
 */
public record AdminCaller(String ip, String tokenFingerprint) {

    static final String ATTRIBUTE = AdminCaller.class.getName();

    /** The caller the authentication interceptor attached to this request. */
    public static AdminCaller of(HttpServletRequest request) {
        Object caller = request.getAttribute(ATTRIBUTE);
        if (caller instanceof AdminCaller c) {
            return c;
        }
        throw new IllegalStateException("admin request without an authenticated caller");
    }

    @Override
    public String toString() {
        return ip + "/token:" + tokenFingerprint;
    }
}
