package dev.landfall.index.status;

import dev.landfall.index.publish.SnapshotPublisher;
import dev.landfall.index.snapshot.PageCache;
import dev.landfall.index.snapshot.SnapshotCatalog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;

/** Gauges: served snapshot, lag, backlog and the oldest blocking entry's age (stall visibility). */
public final class IndexMetrics implements MeterBinder {

    private final SnapshotCatalog catalog;
    private final SnapshotPublisher publisher;
    private final StatusSampler sampler;
    private final PageCache cache;
    private final Clock clock;

    public IndexMetrics(SnapshotCatalog catalog, SnapshotPublisher publisher, StatusSampler sampler, PageCache cache, Clock clock) {
        this.catalog = catalog;
        this.publisher = publisher;
        this.sampler = sampler;
        this.cache = cache;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("landfall.index.snapshot.serial", catalog, c -> c.current().map(v -> (double) v.serial()).orElse(-1.0))
                .description("Snapshot this replica serves").register(registry);
        Gauge.builder("landfall.index.lag.serials", sampler, s -> s.latest() == null ? -1 : s.latest().lagSerials())
                .description("Upstream serial minus served snapshot").register(registry);
        Gauge.builder("landfall.index.lag.seconds", sampler, s -> s.latest() == null ? -1 : s.latest().lagSeconds())
                .description("Age of the oldest upstream change not yet in the served snapshot").register(registry);
        Gauge.builder("landfall.index.backlog.blocking", publisher, p -> p.status().blocking())
                .description("Unsatisfied ledger entries that block a newer snapshot (publishing replica only)").register(registry);
        Gauge.builder("landfall.index.backlog.oldest.age.seconds", publisher, p -> p.status().oldestOccurredAt() == null ? 0
                        : Duration.between(p.status().oldestOccurredAt(), clock.instant()).toSeconds())
                .description("Age of the oldest blocking ledger entry (a stall shows here)").register(registry);
        Gauge.builder("landfall.index.backlog.oldest.serial", publisher, p -> p.status().oldestSerial())
                .description("Serial of the oldest blocking ledger entry").register(registry);
        Gauge.builder("landfall.index.servability.computation.seconds", publisher, p -> p.status().lastComputationNanos() / 1e9)
                .description("Duration of the last servability computation").register(registry);
        Gauge.builder("landfall.index.cache.bytes", cache, PageCache::sizeBytes)
                .description("Bytes held by the page cache").register(registry);
    }
}
