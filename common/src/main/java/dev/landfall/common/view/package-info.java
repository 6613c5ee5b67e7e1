/**
 * Team views (README "Team views"): what one team's index URL {@code /t/<view>/simple/} shows, a base snapshot
 * filtered by the view's policy. Holds the view's definition ({@link dev.landfall.common.view.ViewDefinition},
 * {@link dev.landfall.common.view.ViewPolicy}), the name-pattern rule and the one read port of the
 * {@code team_view} table ({@link dev.landfall.common.view.ViewReads}). The admin server writes the table (its
 * API and the properties seed); the index server only reads it.
 */
@NullMarked
package dev.landfall.common.view;

import org.jspecify.annotations.NullMarked;
