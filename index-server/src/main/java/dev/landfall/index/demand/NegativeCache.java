package dev.landfall.index.demand;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names the poller's table of upstream projects does not know, answered 404 from memory for a while. Bounded:
 * past {@code maxSize} entries the oldest-inserted half is dropped (a flood of made-up names costs one entry each).
 */
final class NegativeCache {

    private final ConcurrentHashMap<String, Instant> until = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final int maxSize;
    private final Clock clock;

    NegativeCache(Duration ttl, int maxSize, Clock clock) {
        this.ttl = ttl;
        this.maxSize = maxSize;
        this.clock = clock;
    }

    boolean contains(String project) {
        Instant expiry = until.get(project);
        if (expiry == null) {
            return false;
        }
        if (expiry.isBefore(clock.instant())) {
            until.remove(project, expiry);
            return false;
        }
        return true;
    }

    void add(String project) {
        if (until.size() >= maxSize) {
            Iterator<String> it = until.keySet().iterator();
            for (int i = 0; i < maxSize / 2 && it.hasNext(); i++) {
                it.next();
                it.remove();
            }
        }
        until.put(project, clock.instant().plus(ttl));
    }

    int size() {
        return until.size();
    }
}
