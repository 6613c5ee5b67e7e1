package dev.landfall.poller.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Gauges and counters of the changelog poller. Gauges read {@link AtomicLong}s updated by the loop,
 * so scraping never touches the database.
 */
@Component
public class PollerMetrics {

    /** Error kinds, the {@code kind} tag of {@code landfall.poller.errors}. */
    public enum ErrorKind {
        MALFORMED_ANSWER, UPSTREAM_FAULT, RATE_LIMITED, UPSTREAM_UNAVAILABLE, UPSTREAM_HTTP,
        INVALID_NAME, INVALID_ROW, TRUNCATED_FIELD, DUPLICATE_SERIAL, PUBLISH_FAILED, DATABASE, UNEXPECTED;

        String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final MeterRegistry registry;
    private final AtomicLong upstreamLastSerial = new AtomicLong(-1);
    private final AtomicLong cursor = new AtomicLong(-1);
    private final AtomicLong ledgerFloor = new AtomicLong(-1);
    private final AtomicLong outboxSize = new AtomicLong();
    private final AtomicLong leader = new AtomicLong();
    private final Counter published;

    public PollerMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("landfall.poller.upstream.last.serial", upstreamLastSerial, AtomicLong::get)
                .description("newest upstream serial seen").register(registry);
        Gauge.builder("landfall.poller.cursor", cursor, AtomicLong::get)
                .description("changelog cursor: every entry up to it is in the ledger").register(registry);
        Gauge.builder("landfall.poller.ledger.floor", ledgerFloor, AtomicLong::get)
                .description("no snapshot below this serial").register(registry);
        Gauge.builder("landfall.poller.outbox.size", outboxSize, AtomicLong::get)
                .description("ledger entries not yet acknowledged by Kafka").register(registry);
        Gauge.builder("landfall.poller.leader", leader, AtomicLong::get)
                .description("1 while this instance is the active poller").register(registry);
        published = Counter.builder("landfall.poller.events.published")
                .description("changelog events acknowledged by Kafka").register(registry);
    }

    public void state(long cursorSerial, long floor, long upstreamLast) {
        cursor.set(cursorSerial);
        ledgerFloor.set(floor);
        upstreamLastSerial.accumulateAndGet(upstreamLast, Math::max);
    }

    public void upstreamLastSerial(long serial) {
        upstreamLastSerial.accumulateAndGet(serial, Math::max);
    }

    public void outboxSize(long size) {
        outboxSize.set(size);
    }

    public void leader(boolean isLeader) {
        leader.set(isLeader ? 1 : 0);
    }

    public boolean isLeader() {
        return leader.get() == 1;
    }

    public void published(int count) {
        published.increment(count);
    }

    public double publishedTotal() {
        return published.count();
    }

    /** Demanded projects admitted into the ledger (on-demand mode). */
    public void admitted(int count) {
        registry.counter("landfall.poller.demand.admitted").increment(count);
    }

    /** A demand not admitted, by reason (AdmissionDecision.Reason). */
    public void demandSkipped(String reason) {
        registry.counter("landfall.poller.demand.skipped", "reason", reason.toLowerCase(Locale.ROOT)).increment();
    }

    public void error(ErrorKind kind) {
        error(kind, 1);
    }

    public void error(ErrorKind kind, int count) {
        if (count > 0) {
            registry.counter("landfall.poller.errors", "kind", kind.tag()).increment(count);
        }
    }

    public double errors(ErrorKind kind) {
        Counter c = registry.find("landfall.poller.errors").tag("kind", kind.tag()).counter();
        return c == null ? 0 : c.count();
    }
}
