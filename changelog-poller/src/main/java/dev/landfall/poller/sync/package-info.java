/**
 * Initial sync and the incremental changelog loop (docs/architecture.md#changelog-poller,
 * docs/architecture.md#initial-sync), run by one loop thread while this instance holds the leader lock.
 * The planners are pure
 * decisions (no Kafka, JDBC or HTTP types); the loop wires them to upstream, ledger and outbox.
 */
@NullMarked
package dev.landfall.poller.sync;

import org.jspecify.annotations.NullMarked;
