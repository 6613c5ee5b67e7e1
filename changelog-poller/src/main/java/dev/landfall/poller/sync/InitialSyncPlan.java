package dev.landfall.poller.sync;

import dev.landfall.poller.ledger.LedgerEntry;
import dev.landfall.common.project.ProjectName;
import java.util.List;
import java.util.Map;

/**
 * What the initial sync records (docs/architecture.md#initial-sync).
 *
 * @param s0       {@code changelog_last_serial()} taken before the listing
 * @param entries  one initial entry per mirrored project, ordered by serial
 * @param floor    max(S0, largest listed serial): no snapshot below it
 * @param cursor   where the changelog starts: S0 minus the configured start offset
 * @param filtered listed projects left out by the filters
 * @param rejected listed names that could not be recorded
 * @param upstream every valid listed project (mirrored or not) and its listed serial
 */
record InitialSyncPlan(long s0, List<LedgerEntry> entries, long floor, long cursor, int filtered,
                       List<RejectedRow> rejected, Map<ProjectName, Long> upstream) {
}
