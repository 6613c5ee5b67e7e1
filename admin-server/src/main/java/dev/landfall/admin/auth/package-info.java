/**
 * Who may call the admin API: the bearer-token gate on every {@code /admin/} request, the per-IP limit of failed
 * attempts, the authenticated caller, and the audit log ({@code landfall.admin.audit}). Writes no table; depends
 * on no feature package.
 */
@NullMarked
package dev.landfall.admin.auth;

import org.jspecify.annotations.NullMarked;
