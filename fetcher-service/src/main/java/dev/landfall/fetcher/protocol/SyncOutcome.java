package dev.landfall.fetcher.protocol;

/** How one event ended when it did not throw. */
public sealed interface SyncOutcome {

    /** A page version was recorded at {@code serial} (relaxedFrom = -1 unless by the stall breaker). */
    record Landed(long serial, long relaxedFrom, int files) implements SyncOutcome { }

    /** The page version for the stamp returned was already recorded: nothing downloaded. */
    record AlreadyLanded(long serial) implements SyncOutcome { }

    /** A DELETED page version (tombstone) was recorded at the event's serial. */
    record Tombstoned(long serial) implements SyncOutcome { }

    /** 404 and a later removal of the project exists in the ledger: nothing to do for this event. */
    record Superseded(long removalSerial) implements SyncOutcome { }
}
