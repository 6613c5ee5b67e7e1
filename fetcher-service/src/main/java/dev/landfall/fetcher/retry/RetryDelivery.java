package dev.landfall.fetcher.retry;

import dev.landfall.common.event.ChangelogEvent;
import dev.landfall.common.event.ChangelogEventCodec;
import dev.landfall.common.event.MalformedEventException;
import dev.landfall.fetcher.FetcherMetrics;
import dev.landfall.fetcher.page.SyncAttempt;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * One record of retry topic i: if it is not due yet, says how long to wait (the adapter pauses the partition and
 * redelivers it then, without blocking past Kafka's poll interval); otherwise syncs the event and, on failure,
 * forwards it to retry topic i + 1 or the dead letters.
 */
@Component
public class RetryDelivery {

    private final EventSync sync;
    private final EventForwarder forwarder;
    private final RetryTopics topics;
    private final FetcherMetrics metrics;
    private final Clock clock;

    public RetryDelivery(EventSync sync, EventForwarder forwarder, RetryTopics topics, FetcherMetrics metrics, Clock clock) {
        this.sync = sync;
        this.forwarder = forwarder;
        this.topics = topics;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** @return how long to wait before this record is due; empty once it has been handled */
    public Optional<Duration> handle(InboundRecord record) {
        Instant now = clock.instant();
        Instant due = epochMillis(record.header(EventForwarder.DUE_AT), now);
        if (due.isAfter(now)) {
            return Optional.of(Duration.between(now, due));
        }
        metrics.eventsConsumed(1);
        int index = topics.indexOf(record.topic()).orElse(topics.count() - 1);
        Instant failingSince = epochMillis(record.header(EventForwarder.FAILING_SINCE), now);
        ChangelogEvent event;
        try {
            if (record.value() == null) {
                throw new MalformedEventException("retry record without a value", null);
            }
            event = ChangelogEventCodec.decode(record.value());
        } catch (MalformedEventException e) {
            forwarder.deadLetter(record, e);
            return Optional.empty();
        }
        if (sync.run(event, SyncAttempt.retry(index, failingSince)) instanceof EventSync.Result.Failed failed) {
            forwarder.forward(record, failed.error(), index + 1, failingSince);
        }
        return Optional.empty();
    }

    private static Instant epochMillis(@Nullable String value, Instant fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Instant.ofEpochMilli(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
