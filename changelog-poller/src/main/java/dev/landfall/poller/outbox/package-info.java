/**
 * The transactional outbox (table changelog_outbox) drained to Kafka topic {@code landfall.changelog.v1}:
 * the poller is that topic's only producer. Rows are deleted only after Kafka acknowledged them (acks=all),
 * so a crash re-publishes, never skips.
 */
@NullMarked
package dev.landfall.poller.outbox;

import org.jspecify.annotations.NullMarked;
