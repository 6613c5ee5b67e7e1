/**
 * Team views' definitions (README "Team views"): the {@code /admin/views} API and the {@code landfall.views.*}
 * properties seed applied at start. The only writer of the {@code team_view} table; the index server reads it
 * through {@link dev.landfall.common.view.ViewReads} and serves the views.
 */
@NullMarked
package dev.landfall.admin.view;

import org.jspecify.annotations.NullMarked;
