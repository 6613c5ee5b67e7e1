package dev.landfall.fetcher.ledger;

import dev.landfall.common.project.ProjectName;
import org.jspecify.annotations.Nullable;

/**
 * What a 404 for a project page means (docs/architecture.md#fetch-protocol step 3). Pure. A 404 is only a deletion when the
 * ledger says so: the entry at the event's serial is a project removal. If a later removal of that project exists,
 * the event is superseded (that removal's own event records the tombstone). Anything else is transient (a
 * propagation 404 of a new project, a quarantine): retried.
 */
public sealed interface TombstoneDecision {

    /** Record {@code page_version(project, serial, DELETED)}. */
    record Tombstone(long serial) implements TombstoneDecision { }

    /** A later removal covers this event; nothing to record for it. */
    record Superseded(long removalSerial) implements TombstoneDecision { }

    /** Not (yet) explained by the ledger: retry. */
    record Transient(String why) implements TombstoneDecision { }

    /**
     * @param project      the event's project
     * @param eventSerial  the event's serial
     * @param entryAtSerial the ledger entry at that serial, null if the ledger has none
     * @param laterRemoval the serial of the newest removal of the project above the event's serial, null if none
     */
    static TombstoneDecision decide(ProjectName project, long eventSerial, @Nullable LedgerEntry entryAtSerial,
                                    @Nullable Long laterRemoval) {
        if (entryAtSerial != null && entryAtSerial.project().equals(project) && entryAtSerial.isProjectRemoval()) {
            return new Tombstone(eventSerial);
        }
        if (laterRemoval != null && laterRemoval > eventSerial) {
            return new Superseded(laterRemoval);
        }
        return new Transient(entryAtSerial == null ? "no ledger entry at " + eventSerial
                : "ledger entry " + eventSerial + " is '" + entryAtSerial.action() + "', not a removal");
    }
}
