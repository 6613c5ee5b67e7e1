package dev.landfall.chaos;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything the checkers and the load generator saw, thread-safe: one {@link Request} per HTTP
 * request to an index server, consistency violations (what must never happen), pinning and
 * W-monotonicity per server, and crawl counts.
 */
final class Observations {

    enum Kind { ROOT, PAGE, FILE }

    /**
     * One request. status: HTTP status, {@link #REFUSED} when the process was not there (connection
     * refused or reset), {@link #TIMEOUT} when no answer came within the client timeout (a hang).
     */
    record Request(long atMillis, String server, Kind kind, int status, long micros, boolean retryAfter, boolean noSnapshotYet) {
    }

    static final int REFUSED = -1;
    static final int TIMEOUT = -2;

    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> crossReplicaPinning = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicLong> maxW = new ConcurrentHashMap<>();
    final AtomicLong crawls = new AtomicLong();
    final AtomicLong consistentCrawls = new AtomicLong();
    final AtomicLong crawlsFailed = new AtomicLong();
    /** Crawls with no wrong content but some 5xx answers: not counted as consistent. */
    final AtomicLong partialCrawls = new AtomicLong();
    final AtomicLong filesVerified = new AtomicLong();
    final AtomicLong sessions = new AtomicLong();
    final AtomicLong availabilityNotes = new AtomicLong();

    void request(Request r) {
        requests.add(r);
    }

    void violation(String v) {
        if (violations.size() < 10_000) {
            violations.add(Instant.now() + " " + v);
        }
    }

    void crossReplicaPinning(String v) {
        if (crossReplicaPinning.size() < 1000) {
            crossReplicaPinning.add(Instant.now() + " " + v);
        }
    }

    /** The largest W any completed answer of {@code server} carried; read before sending a request. */
    long wFloor(String server) {
        return maxW.computeIfAbsent(server, s -> new AtomicLong(-1)).get();
    }

    /** W answered by {@code server} to a request sent when its floor was {@code floorAtSend}: never lower. */
    void observeW(String server, long floorAtSend, long w) {
        if (w < floorAtSend) {
            violation("W went backwards on " + server + ": answered " + w + " after " + floorAtSend + " had been served");
        }
        maxW.computeIfAbsent(server, s -> new AtomicLong(-1)).accumulateAndGet(w, Math::max);
    }

    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    List<String> violations() {
        List<String> v = new ArrayList<>(violations);
        Collections.sort(v);
        return v;
    }

    List<String> crossReplicaPinningViolations() {
        return new ArrayList<>(crossReplicaPinning);
    }
}
