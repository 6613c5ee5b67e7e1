/**
 * Replay for repair: queues existing ledger entries in changelog_outbox with {@code replay = TRUE} (the poller
 * publishes them, so the topic keeps one producer), and resets the fetchers' consumer group (Kafka AdminClient).
 */
@NullMarked
package dev.landfall.admin.replay;

import org.jspecify.annotations.NullMarked;
