/**
 * Landfall admin server: the protected admin API ({@code /admin/...}, Spring MVC) as its own deployable
 * (docs/decisions/008). Bearer-token authentication in {@code auth}, the repair operations by feature in
 * {@code replay}, {@code verify}, {@code deadletter} and {@code gc}. Writes its own tables (verify_run,
 * verify_problem, gc_candidate, dead_letter_redrive) and, as the only exceptions to "one writer per table":
 * replay rows of changelog_outbox, and deletions of page_version and snapshot rows by GC and verify's repair
 * (README "How it works"). Depends on {@code common} only, never on another service's code.
 */
@NullMarked
package dev.landfall.admin;

import org.jspecify.annotations.NullMarked;
