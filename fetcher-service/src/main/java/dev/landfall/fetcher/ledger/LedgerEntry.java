package dev.landfall.fetcher.ledger;

import dev.landfall.common.journal.ActionKind;

/** The fetcher's read-only view of one {@code changelog_entry} row. */
public record LedgerEntry(long serial, String project, String action) {

    public boolean isProjectRemoval() {
        return ActionKind.of(action) == ActionKind.REMOVE_PROJECT;
    }
}
