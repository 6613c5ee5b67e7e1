package dev.landfall.simulator.cdn;

/** A status forced on one project's pages and files until {@code untilMillis}. */
record ForcedStatus(int status, long untilMillis) {
}
