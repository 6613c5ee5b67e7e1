package dev.landfall.index;

import dev.landfall.index.publish.SnapshotPublisher;
import dev.landfall.index.snapshot.SnapshotCatalog;
import dev.landfall.index.status.StatusSampler;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The index server's background loops, each on its own thread: publishing (if enabled; the
 * leader lock lets one replica publish), following the snapshot table, sampling status.
 * A failing round is logged once per distinct error and retried next round — durable state
 * (ledger, page_version, snapshot) is the retry's input, so nothing is lost by continuing.
 */
final class IndexLoops implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IndexLoops.class);

    private final SnapshotPublisher publisher;
    private final SnapshotCatalog catalog;
    private final StatusSampler sampler;
    private final IndexProperties properties;
    private volatile @Nullable ScheduledExecutorService executor;

    IndexLoops(SnapshotPublisher publisher, SnapshotCatalog catalog, StatusSampler sampler, IndexProperties properties) {
        this.publisher = publisher;
        this.catalog = catalog;
        this.sampler = sampler;
        this.properties = properties;
    }

    @Override
    public void start() {
        ScheduledExecutorService ex = Executors.newScheduledThreadPool(3, r -> {
            Thread t = new Thread(r, "landfall-index");
            t.setDaemon(true);
            return t;
        });
        if (properties.publisherEnabled()) {
            ex.scheduleWithFixedDelay(guarded("publish", publisher::publishOnce), 0, properties.publishInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
        ex.scheduleWithFixedDelay(guarded("snapshot refresh", () -> {
            catalog.refresh();
            return null;
        }), 0, properties.snapshotPollInterval().toMillis(), TimeUnit.MILLISECONDS);
        ex.scheduleWithFixedDelay(guarded("status sample", () -> {
            sampler.sample();
            return null;
        }), 0, 10, TimeUnit.SECONDS);
        executor = ex;
    }

    private static Runnable guarded(String what, java.util.concurrent.Callable<?> task) {
        AtomicReference<String> lastError = new AtomicReference<>("");
        return () -> {
            try {
                task.call();
                lastError.set("");
            } catch (Throwable e) {
                String msg = String.valueOf(e);
                if (!msg.equals(lastError.getAndSet(msg))) {
                    log.warn("{} failed (retrying every round): {}", what, msg);
                }
            }
        };
    }

    @Override
    public void stop() {
        ScheduledExecutorService ex = executor;
        if (ex != null) {
            ex.shutdownNow();
            try {
                ex.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        executor = null;
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
