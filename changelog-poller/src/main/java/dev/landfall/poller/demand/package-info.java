/**
 * On-demand admission (landfall.mirror.mode = on-demand): the poller turns the index server's demands
 * ({@code project_demand}) into one ledger entry each ({@code changelog_entry}, {@code changelog_outbox}) and a
 * {@code demand_admission} row, all written through {@link dev.landfall.poller.ledger.Ledger} in one transaction.
 * The decision is pure ({@link dev.landfall.poller.demand.AdmissionDecision}); demands are read through
 * {@code DemandReads} in common.
 */
@NullMarked
package dev.landfall.poller.demand;

import org.jspecify.annotations.NullMarked;
