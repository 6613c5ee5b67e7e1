package dev.landfall.fetcher.ledger;

import dev.landfall.common.journal.ActionKind;
import dev.landfall.common.project.ProjectName;

/** The fetcher's read-only view of one {@code changelog_entry} row. */
record LedgerEntry(long serial, ProjectName project, String action) {

    public boolean isProjectRemoval() {
        return ActionKind.of(action) == ActionKind.REMOVE_PROJECT;
    }
}
