package dev.landfall.poller.ledger;

import dev.landfall.common.journal.ActionKind;
import dev.landfall.common.journal.JournalEntry;
import dev.landfall.common.project.ProjectName;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One changelog_entry row: a journal entry plus the last page stamp that still satisfies it
 * ({@code acceptUpto}; = serial for changelog entries, max(L, S0) for initial-sync entries).
 */
public record LedgerEntry(long serial, ProjectName project, @Nullable String version, String action,
                          Instant occurredAt, long acceptUpto) {

    public LedgerEntry {
        if (acceptUpto < serial) {
            throw new IllegalArgumentException("accept_upto " + acceptUpto + " below serial " + serial);
        }
    }

    /** A changelog entry: satisfied only by a page stamped exactly with its serial. */
    public static LedgerEntry exact(JournalEntry e) {
        return new LedgerEntry(e.serial(), e.project(), e.version(), e.action(), e.occurredAt(), e.serial());
    }

    /** An initial-sync entry at the listed serial {@code listed}, satisfied by any stamp up to max(listed, S0). */
    public static LedgerEntry initial(ProjectName project, long listed, long s0, Instant now) {
        return new LedgerEntry(listed, project, null, ActionKind.INITIAL_ACTION, now, Math.max(listed, s0));
    }

    /** The action string of an on-demand admission entry (an "other" action to the fetcher: fetch the page). */
    public static final String ADMISSION_ACTION = "landfall on-demand admission";

    /**
     * An on-demand admission at the project's last upstream serial {@code last}, satisfied by any stamp up to the
     * cursor at admission (AdmissionDecision says why that is exact).
     */
    public static LedgerEntry admission(ProjectName project, long last, long cursor, Instant now) {
        return new LedgerEntry(last, project, null, ADMISSION_ACTION, now, Math.max(last, cursor));
    }

    public JournalEntry toJournalEntry() {
        return new JournalEntry(serial, project, version, action, occurredAt);
    }
}
