/**
 * Team tokens (README "Team views"): created, listed and revoked through {@code /admin/views/<view>/tokens} (the
 * text shown once, only its sha256 stored), the gate that checks a presented token for a view and scope
 * ({@link dev.landfall.admin.token.TokenDecision}, pure) with the per-client limit of failures and a
 * {@code team_token_use} row per decision, and the view's read protection flag ({@code team_view_access}).
 * The only writer of {@code team_token}, {@code team_token_use} and {@code team_view_access}.
 */
@NullMarked
package dev.landfall.admin.token;

import org.jspecify.annotations.NullMarked;
