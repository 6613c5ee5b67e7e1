package dev.landfall.common.leader;

/**
 * Port: at most one holder of a named role across all processes (the active changelog poller,
 * the snapshot publisher). Adapters: a PostgreSQL session advisory lock on a dedicated
 * connection (deployments) and an in-JVM lock (standalone, H2).
 *
 * <p>Leadership can be lost without a call (the database connection drops), so a holder
 * calls {@link #tryAcquire} before each unit of leader work and stops when it returns false.
 */
public interface LeaderLock {

    /** Becomes or stays the holder of {@code role}; false if another process holds it. Never blocks long. */
    boolean tryAcquire(String role);

    /** Gives the role up (no-op if not held). */
    void release(String role);
}
