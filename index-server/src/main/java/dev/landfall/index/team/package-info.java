/**
 * Read tokens of protected team views (README "Team views"): an in-memory copy of {@code team_token} and
 * {@code team_view_access} refreshed in the background (the hot path never reads the database), the per-client
 * limit of failures, and the read audit: decisions counted in memory and flushed as {@code team_read_use} rows
 * (this service is that table's only writer).
 */
@NullMarked
package dev.landfall.index.team;

import org.jspecify.annotations.NullMarked;
