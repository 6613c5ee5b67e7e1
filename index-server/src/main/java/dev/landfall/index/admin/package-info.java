/**
 * The protected admin API ({@code /admin/...}, Spring MVC, never the hot path): bearer-token authentication with
 * rate-limited failures, one audit line per action, and the repair operations in sub-packages (replay, verify,
 * dead letters, garbage collection). Writes only the V40/V41 admin tables and replay rows of changelog_outbox.
 */
@NullMarked
package dev.landfall.index.admin;

import org.jspecify.annotations.NullMarked;
