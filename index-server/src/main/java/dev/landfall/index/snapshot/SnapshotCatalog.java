package dev.landfall.index.snapshot;

import dev.landfall.common.snapshot.SnapshotManifest;
import dev.landfall.common.snapshot.SnapshotProperties;
import dev.landfall.common.snapshot.SnapshotReads;
import dev.landfall.common.storage.StorageKeys;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;

/**
 * Which snapshots this replica can serve. A poller thread reads new {@code snapshot} rows (by
 * serial, cheap) and swaps in the newest snapshot's view once its root index is loaded; the
 * HTTP hot path only reads the volatile fields here and never touches the database.
 */
public final class SnapshotCatalog {

    private static final int PINNED_VIEWS = 4;
    private static final long NEWER_LOOKUP_INTERVAL_NANOS = 100_000_000L;
    private final java.util.concurrent.atomic.AtomicLong lastNewerLookup =
            new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - NEWER_LOOKUP_INTERVAL_NANOS);

    private final SnapshotReads snapshots;
    private final PageCache cache;
    private final Clock clock;
    private final SnapshotProperties properties;
    private final NavigableMap<Long, Instant> retained = new ConcurrentSkipListMap<>();
    private final LinkedHashMap<Long, SnapshotView> pinnedViews = new LinkedHashMap<>(8, 0.75f, true);
    private volatile @Nullable SnapshotView current;
    private volatile @Nullable Instant currentPublishedAt;
    private long lastSeen = Long.MIN_VALUE;

    public SnapshotCatalog(SnapshotReads snapshots, PageCache cache, Clock clock, SnapshotProperties properties) {
        this.snapshots = snapshots;
        this.cache = cache;
        this.clock = clock;
        this.properties = properties;
    }

    /** Reads snapshots published since the last call; switches to the newest. Called from one thread. */
    public synchronized void refresh() throws IOException {
        Instant horizon = clock.instant().minus(properties.retention());
        (lastSeen == Long.MIN_VALUE ? snapshots.retainedSince(horizon) : snapshots.publishedAfter(lastSeen))
                .forEach(s -> retained.put(s.serial(), s.publishedAt()));
        if (retained.isEmpty()) {
            lastSeen = -1;
            return;
        }
        long newest = retained.lastKey();
        // Retention: the newest snapshot is always served, older ones until they age out.
        retained.headMap(newest).entrySet().removeIf(e -> e.getValue().isBefore(horizon));
        SnapshotView view = current;
        if (view == null || view.serial() != newest) {
            SnapshotView loaded = load(newest);
            current = loaded;
            currentPublishedAt = retained.get(newest);
        }
        lastSeen = newest;
    }

    public Optional<SnapshotView> current() {
        return Optional.ofNullable(current);
    }

    public @Nullable Instant currentPublishedAt() {
        return currentPublishedAt;
    }

    public boolean isRetained(long serial) {
        return retained.containsKey(serial);
    }

    /** A retained snapshot's view (loaded from storage on first use), or empty if W is unknown or aged out. */
    public Optional<SnapshotView> retainedView(long serial) throws IOException {
        SnapshotView now = current;
        if (now != null && now.serial() == serial) {
            return Optional.of(now);
        }
        if (!retained.containsKey(serial)) {
            return Optional.empty();
        }
        synchronized (pinnedViews) {
            SnapshotView hit = pinnedViews.get(serial);
            if (hit != null) {
                return Optional.of(hit);
            }
        }
        SnapshotView loaded = load(serial);
        synchronized (pinnedViews) {
            pinnedViews.put(serial, loaded);
            if (pinnedViews.size() > PINNED_VIEWS) {
                pinnedViews.remove(pinnedViews.keySet().iterator().next());
            }
        }
        return Optional.of(loaded);
    }

    /**
     * A snapshot newer than this replica's current one, named by a client's run cookie that another
     * replica set: that replica saw the snapshot row before this one's next poll. Its root index (the
     * manifest) is written before the row and is immutable, so it can be served from storage now;
     * falling back to this replica's older snapshot would mix two snapshots in one pip run. Unknown
     * serials cost at most one storage lookup per {@link #NEWER_LOOKUP_INTERVAL_NANOS} (bogus cookies).
     */
    public Optional<SnapshotView> newerThanCurrent(long serial) throws IOException {
        SnapshotView now = current;
        if (now == null || serial <= now.serial()) {
            return Optional.empty();
        }
        synchronized (pinnedViews) {
            SnapshotView hit = pinnedViews.get(serial);
            if (hit != null) {
                return Optional.of(hit);
            }
        }
        long t = System.nanoTime();
        long last = lastNewerLookup.get();
        if (t - last < NEWER_LOOKUP_INTERVAL_NANOS || !lastNewerLookup.compareAndSet(last, t)) {
            return Optional.empty();
        }
        SnapshotView loaded;
        try {
            loaded = load(serial);
        } catch (dev.landfall.common.storage.NoSuchBlobException e) {
            return Optional.empty(); // never published (or a bogus cookie): the caller re-pins to current
        }
        synchronized (pinnedViews) {
            pinnedViews.put(serial, loaded);
            if (pinnedViews.size() > PINNED_VIEWS) {
                pinnedViews.remove(pinnedViews.keySet().iterator().next());
            }
        }
        return Optional.of(loaded);
    }

    private SnapshotView load(long serial) throws IOException {
        CachedBody rootJson = cache.get(StorageKeys.snapshotIndexJson(serial));
        CachedBody rootHtml = cache.get(StorageKeys.snapshotIndexHtml(serial));
        return new SnapshotView(serial, Collections.unmodifiableMap(manifest(rootJson.bytes())), rootJson, rootHtml);
    }

    /** project → page serial from {@code index.json}. */
    private static Map<String, Long> manifest(byte[] indexJson) {
        Map<String, Long> pages = new HashMap<>(Math.max(16, indexJson.length / 30));
        SnapshotManifest.read(indexJson, pages::put);
        return pages;
    }
}
