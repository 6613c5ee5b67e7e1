/**
 * Kafka adapters: consumer/producer factories, the thin listeners on the changelog and retry topics.
 * Listeners map records and call the feature; they decide nothing.
 */
@NullMarked
package dev.landfall.fetcher.kafka;

import org.jspecify.annotations.NullMarked;
