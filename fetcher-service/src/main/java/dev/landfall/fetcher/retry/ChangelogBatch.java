package dev.landfall.fetcher.retry;

import dev.landfall.common.event.ChangelogEvent;
import dev.landfall.common.event.ChangelogEventCodec;
import dev.landfall.common.event.MalformedEventException;
import dev.landfall.fetcher.FetcherMetrics;
import dev.landfall.fetcher.SyncExecutor;
import dev.landfall.fetcher.page.SyncAttempt;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * One poll batch of the changelog topic. Events of one project are coalesced into one fetch of the newest
 * (docs/architecture.md#coalescing-and-idempotence); projects are synced concurrently on the {@link SyncExecutor}.
 * A project that still fails after the
 * in-process retries is forwarded to the first retry topic individually.
 *
 * <p>Why not {@code @RetryableTopic} on this listener: Spring Kafka's non-blocking retries work with single-record
 * listeners only, and coalescing needs the batch. So the batch listener forwards a failing project's event itself,
 * and one single-record consumer per retry topic ({@link RetryDelivery}) takes it from there, then the dead letters,
 * the routing decided by {@link FailureRouting} alone.
 */
@Component
public class ChangelogBatch {

    private final EventSync sync;
    private final EventForwarder forwarder;
    private final SyncExecutor executor;
    private final FetcherMetrics metrics;
    private final Clock clock;

    public ChangelogBatch(EventSync sync, EventForwarder forwarder, SyncExecutor executor, FetcherMetrics metrics, Clock clock) {
        this.sync = sync;
        this.forwarder = forwarder;
        this.executor = executor;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Processes the batch; returns once every event is landed or forwarded (then its offset may be committed). */
    public void process(List<InboundRecord> records) {
        metrics.eventsConsumed(records.size());
        Map<String, Decoded> newestPerProject = new LinkedHashMap<>();
        for (InboundRecord record : records) {
            Decoded decoded = decode(record);
            if (decoded != null) {
                newestPerProject.merge(decoded.event().project(), decoded,
                        (a, b) -> a.event().serial() >= b.event().serial() ? a : b);
            }
        }
        metrics.coalesced(records.size() - newestPerProject.size());
        List<CompletableFuture<Void>> inFlight = new ArrayList<>(newestPerProject.size());
        for (Decoded d : newestPerProject.values()) {
            inFlight.add(executor.submit(() -> sync.run(d.event(), SyncAttempt.firstDelivery()))
                    .thenAccept(result -> {
                        if (result instanceof EventSync.Result.Failed failed) {
                            forwarder.forward(d.record(), failed.error(), 0, clock.instant());
                        }
                    }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
    }

    private @Nullable Decoded decode(InboundRecord record) {
        try {
            if (record.value() == null) {
                throw new MalformedEventException("changelog record without a value", null);
            }
            return new Decoded(record, ChangelogEventCodec.decode(record.value()));
        } catch (MalformedEventException e) {
            forwarder.deadLetter(record, e);
            return null;
        }
    }

    private record Decoded(InboundRecord record, ChangelogEvent event) { }
}
