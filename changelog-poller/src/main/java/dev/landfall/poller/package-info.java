/**
 * The changelog poller service (docs/architecture.md#changelog-poller): wiring, configuration and the main class.
 * Features live in sub-packages: upstream (XML-RPC), filter, sync (initial + incremental loop under the
 * leader lock), ledger (changelog_entry, poller_state), outbox (changelog_outbox to Kafka).
 */
@NullMarked
package dev.landfall.poller;

import org.jspecify.annotations.NullMarked;
