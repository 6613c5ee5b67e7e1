package dev.landfall.poller.sync;

/** An upstream row or listing member left out of the ledger, and why (logged and counted, never fatal). */
record RejectedRow(long serial, String name, Reason reason, String detail) {

    public enum Reason {
        /** Not a valid project name (PEP 508); cannot be a storage prefix or Kafka key safely. */
        INVALID_NAME,
        /** Unusable values (e.g. a timestamp outside any calendar). */
        INVALID_ROW,
        /** Another listed project has the same serial, which upstream's journal never produces. */
        DUPLICATE_SERIAL
    }
}
