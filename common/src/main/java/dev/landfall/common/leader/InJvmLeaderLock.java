package dev.landfall.common.leader;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leader lock of a single process (standalone with H2, where no second process can share the
 * database): every role is granted to the one process there is. Mutual exclusion between threads
 * of that process is the caller's business (each role is driven by one loop thread).
 */
public final class InJvmLeaderLock implements LeaderLock {

    private final Set<String> held = ConcurrentHashMap.newKeySet();

    @Override
    public boolean tryAcquire(String role) {
        held.add(role);
        return true;
    }

    @Override
    public void release(String role) {
        held.remove(role);
    }

    /** True while {@code role} is held (acquired and not released). */
    public boolean holds(String role) {
        return held.contains(role);
    }
}
