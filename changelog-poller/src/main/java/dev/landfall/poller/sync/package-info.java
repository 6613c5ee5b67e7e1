/**
 * Initial sync and the incremental changelog loop (DESIGN.md "changelog-poller", "Ledger floor on initial
 * sync"), run by one loop thread while this instance holds the leader lock. The planners are pure
 * decisions (no Kafka, JDBC or HTTP types); the loop wires them to upstream, ledger and outbox.
 */
@NullMarked
package dev.landfall.poller.sync;

import org.jspecify.annotations.NullMarked;
