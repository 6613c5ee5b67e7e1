/**
 * The admin API of on-demand mirroring: lists demanded projects and removes them. Writes only
 * {@code demand_removal} (its single writer); reads the other on-demand tables through {@code DemandReads}.
 */
@NullMarked
package dev.landfall.admin.demand;

import org.jspecify.annotations.NullMarked;
