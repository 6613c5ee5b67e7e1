package dev.landfall.admin.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin audit log: one line per admin action (who, what, parameters, result) and per refused request, on the
 * logger {@code landfall.admin.audit} so it can be routed and retained separately.
 */
public final class AdminAudit {

    private static final Logger log = LoggerFactory.getLogger("landfall.admin.audit");

    /** An authenticated action and its outcome. */
    public void action(AdminCaller who, String what, Object parameters, Object result) {
        log.info("admin action={} who={} params={} result={}", what, who, parameters, result);
    }

    void refused(String ip, String what, int status, String why) {
        log.warn("admin refused={} who={} status={} why={}", what, ip, status, why);
    }
}
