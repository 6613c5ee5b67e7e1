/**
 * On-demand mirroring as every service reads it: {@link dev.landfall.common.demand.DemandReads} is the one read
 * port of {@code upstream_project}, {@code project_demand}, {@code demand_admission} and {@code demand_removal}
 * (V50__on_demand.sql names each table's single writer). Writes nothing.
 */
@NullMarked
package dev.landfall.common.demand;

import org.jspecify.annotations.NullMarked;
