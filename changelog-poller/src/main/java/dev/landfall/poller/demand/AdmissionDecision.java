package dev.landfall.poller.demand;

import dev.landfall.common.demand.DemandReads.UpstreamProject;
import dev.landfall.common.project.ProjectName;
import dev.landfall.poller.filter.MirrorScope;
import dev.landfall.poller.ledger.LedgerEntry;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a demanded project enters the ledger, and with which entry (docs/decisions/010-on-demand-admission.md).
 *
 * <p>Invariant: an admitted project gets ONE entry at its last upstream serial L (as the poller's table of upstream
 * projects knows it at the cursor C) with accept_upto = max(L, C). No journal row of the project lies in (L, C], so
 * the project's state at every serial in [L, C] is its state at L, and a page stamped anywhere in that range is
 * exactly it (the same argument as an initial-sync entry, docs/decisions/001-accept-upto-for-initial-entries.md).
 * From then on the project is in the mirrored set, so every later journal row is recorded exactly.
 */
public final class AdmissionDecision {

    /** What to do with one demand. */
    public sealed interface Outcome {
        /** Record {@code entry} (and the admission). */
        record Admit(LedgerEntry entry) implements Outcome {
        }

        /** Nothing to record; {@code reason} is logged and counted. */
        record Skip(Reason reason) implements Outcome {
        }
    }

    public enum Reason {
        /** Already in the mirrored set (allowlisted, or admitted before). */
        ALREADY_MIRRORED,
        BLOCKED,
        /** Not in the table of upstream projects (the index server checked, but a demand row is not trusted). */
        UNKNOWN_UPSTREAM,
        /** Its last upstream row removed it. */
        GONE_UPSTREAM,
        /** Its last upstream serial is above the cursor: the table is ahead of the ledger (cannot happen; one transaction). */
        AHEAD_OF_CURSOR
    }

    private AdmissionDecision() {
    }

    public static Outcome decide(ProjectName project, Optional<UpstreamProject> upstream, MirrorScope scope, long cursor,
                                 Instant now) {
        if (scope.filter().blocks(project)) {
            return new Outcome.Skip(Reason.BLOCKED);
        }
        if (scope.accepts(project)) {
            return new Outcome.Skip(Reason.ALREADY_MIRRORED);
        }
        if (upstream.isEmpty()) {
            return new Outcome.Skip(Reason.UNKNOWN_UPSTREAM);
        }
        if (!upstream.get().present()) {
            return new Outcome.Skip(Reason.GONE_UPSTREAM);
        }
        long last = upstream.get().lastSerial();
        if (last > cursor) {
            return new Outcome.Skip(Reason.AHEAD_OF_CURSOR);
        }
        return new Outcome.Admit(LedgerEntry.admission(project, last, cursor, now));
    }
}
