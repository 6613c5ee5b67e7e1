package dev.landfall.poller.sync;

import dev.landfall.poller.ledger.LedgerEntry;
import dev.landfall.poller.ledger.UpstreamSerial;
import java.util.List;

/**
 * What one {@code changelog_since_serial} page records.
 *
 * @param entries    ledger entries of mirrored projects, ascending by serial
 * @param cursor     the new cursor: the largest serial of the page (rows skipped on purpose included)
 * @param filtered   rows of filtered-out projects
 * @param rejected   rows that could not be recorded (invalid names, unusable values)
 * @param truncated  rows whose version or action was cut to the column size
 * @param full       the page had the upstream cap's number of rows: call again right away
 * @param upstream   the newest serial of every project the page names, mirrored or not
 */
record ChangelogPagePlan(List<LedgerEntry> entries, long cursor, int filtered, List<RejectedRow> rejected,
                         int truncated, boolean full, List<UpstreamSerial> upstream) {
}
