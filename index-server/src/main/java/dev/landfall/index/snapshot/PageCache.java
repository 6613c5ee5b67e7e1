package dev.landfall.index.snapshot;

import dev.landfall.common.storage.BlobStore;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LRU cache of immutable objects (page versions, root indexes) bounded by bytes. Page versions
 * never change once stored, so entries never need invalidation; a miss reads the BlobStore.
 */
public final class PageCache {

    private final BlobStore blobs;
    private final long maxBytes;
    private final LinkedHashMap<String, CachedBody> entries = new LinkedHashMap<>(1024, 0.75f, true);
    private long bytes;

    public PageCache(BlobStore blobs, long maxBytes) {
        this.blobs = blobs;
        this.maxBytes = maxBytes;
    }

    /** The object's bytes. @throws dev.landfall.common.storage.NoSuchBlobException if absent */
    public CachedBody get(String key) throws IOException {
        synchronized (this) {
            CachedBody hit = entries.get(key);
            if (hit != null) {
                return hit;
            }
        }
        // Loaded outside the lock: two concurrent misses read the same immutable bytes twice, harmlessly.
        CachedBody loaded = CachedBody.of(blobs.readAllBytes(key));
        synchronized (this) {
            CachedBody previous = entries.put(key, loaded);
            bytes += loaded.weight() - (previous == null ? 0 : previous.weight());
            Iterator<Map.Entry<String, CachedBody>> it = entries.entrySet().iterator();
            while (bytes > maxBytes && it.hasNext()) {
                Map.Entry<String, CachedBody> eldest = it.next();
                if (eldest.getKey().equals(key)) {
                    continue;
                }
                bytes -= eldest.getValue().weight();
                it.remove();
            }
        }
        return loaded;
    }

    public synchronized long sizeBytes() {
        return bytes;
    }
}
