/**
 * Team views on the hot path (README "Team views"): what {@code /t/<view>/simple/…} and its pinned form serve
 * (the HTTP side is {@code dev.landfall.index.http.TeamViewHandler}). The policy is
 * a pure decision ({@link dev.landfall.index.view.PolicyDecision}, sealed verdicts); a view's root is computed once
 * per (view, snapshot) and its pages once per (view, page version, files shown), derived from the stored page versions
 * and never fetched again. Reads the {@code team_view} table (written by the admin server) and W's time from the
 * ledger through the common read ports; writes nothing.
 */
@NullMarked
package dev.landfall.index.view;

import org.jspecify.annotations.NullMarked;
