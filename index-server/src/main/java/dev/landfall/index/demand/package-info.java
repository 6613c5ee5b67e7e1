/**
 * On-demand requests (landfall.mirror.mode = on-demand): a request for a project the current snapshot does not
 * hold is decided ({@link dev.landfall.index.demand.DemandPolicy}, pure), recorded as a demand
 * ({@code project_demand}: this package is its only writer) and waits, without a thread, for the first snapshot
 * holding the project. Reads the poller's and the admin server's on-demand tables only through
 * {@code DemandReads} in common. Never calls upstream.
 */
@NullMarked
package dev.landfall.index.demand;

import org.jspecify.annotations.NullMarked;
