package dev.landfall.fetcher.retry;

import dev.landfall.fetcher.FetcherMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

/**
 * Sends a failed event on: to the retry topic {@link FailureRouting} picks (with the time it is due and since when
 * it has been failing) or to the dead letters (with Spring Kafka's standard DLT headers, so it can be inspected and
 * re-driven). Sends are synchronous: the consumed offset is committed only after the event is safely on its next
 * topic, so an event is never lost. A dead letter is where a fault is finally handled: logged here, once (a scheduled retry only at debug, it is counted).
 */
@Component
class EventForwarder {

    static final String DUE_AT = "landfall-due-at";
    static final String FAILING_SINCE = "landfall-failing-since";
    static final String ERROR = "landfall-error";

    private static final Logger log = LoggerFactory.getLogger(EventForwarder.class);

    private final KafkaTemplate<String, byte[]> template;
    private final RetryTopics topics;
    private final FailureRouting routing;
    private final FetcherMetrics metrics;
    private final Clock clock;

    public EventForwarder(@Qualifier("fetcherKafkaTemplate") KafkaTemplate<String, byte[]> template, RetryTopics topics,
                          FailureRouting routing, FetcherMetrics metrics, Clock clock) {
        this.template = template;
        this.topics = topics;
        this.routing = routing;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Routes {@code record} after {@code error}; {@code nextRetryIndex} as in {@link FailureRouting#route}. */
    public void forward(InboundRecord record, Throwable error, int nextRetryIndex, Instant failingSince) {
        FailureRouting.Route route = routing.route(error, nextRetryIndex);
        if (route instanceof FailureRouting.Route.RetryTopic retry) {
            Instant due = clock.instant().plus(topics.delay(retry.index()));
            ProducerRecord<String, byte[]> out = new ProducerRecord<>(topics.name(retry.index()), record.key(), record.value());
            copyHeaders(record, out.headers());
            set(out.headers(), DUE_AT, Long.toString(due.toEpochMilli()));
            set(out.headers(), FAILING_SINCE, Long.toString(failingSince.toEpochMilli()));
            set(out.headers(), ERROR, describe(error));
            send(out);
            metrics.retryScheduled();
            log.debug("retrying in {}: {}", topics.delay(retry.index()), describe(error));
        } else {
            deadLetter(record, error);
        }
    }

    /** Sends {@code record} to the dead-letter topic. */
    public void deadLetter(InboundRecord record, Throwable error) {
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(topics.deadLetters(), record.key(), record.value());
        copyHeaders(record, out.headers());
        set(out.headers(), KafkaHeaders.DLT_EXCEPTION_FQCN, error.getClass().getName());
        set(out.headers(), KafkaHeaders.DLT_EXCEPTION_MESSAGE, String.valueOf(error.getMessage()));
        set(out.headers(), KafkaHeaders.DLT_ORIGINAL_TOPIC, record.topic());
        set(out.headers(), KafkaHeaders.DLT_ORIGINAL_PARTITION, Integer.toString(record.partition()));
        set(out.headers(), KafkaHeaders.DLT_ORIGINAL_OFFSET, Long.toString(record.offset()));
        send(out);
        metrics.deadLetter();
        log.warn("dead letter from {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), describe(error));
    }

    private void send(ProducerRecord<String, byte[]> out) {
        try {
            template.send(out).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while forwarding to " + out.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            // thrown to the container: the batch is not committed and will be redelivered (idempotent)
            throw new IllegalStateException("could not forward to " + out.topic(), e);
        }
    }

    private static void copyHeaders(InboundRecord record, Headers headers) {
        record.headers().forEach((k, v) -> {
            if (!k.equals(DUE_AT) && !k.equals(ERROR) && !k.startsWith("kafka_dlt")) {
                headers.add(k, v);
            }
        });
    }

    private static void set(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String describe(Throwable error) {
        String m = error.getMessage();
        return error.getClass().getSimpleName() + ": " + (m == null ? "" : m.length() > 500 ? m.substring(0, 500) : m);
    }
}
