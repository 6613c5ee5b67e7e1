package dev.landfall.common.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Limits failed authentications (admin and team tokens) per client IP: after {@code max} failures within {@code window}, the IP is
 * refused until its oldest failure leaves the window — a wrong-token brute force gets a handful of guesses a
 * minute. Bounded memory: at most {@value #MAX_CLIENTS} IPs are tracked (the least recently failing are dropped).
 */
public final class FailedAttemptLimiter {

    private static final int MAX_CLIENTS = 10_000;

    private final int max;
    private final Duration window;
    private final Clock clock;
    private final LinkedHashMap<String, Deque<Instant>> failures = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    public FailedAttemptLimiter(int max, Duration window, Clock clock) {
        this.max = max;
        this.window = window;
        this.clock = clock;
    }

    /** How long the client must wait, if it is currently locked out. */
    public synchronized Optional<Duration> lockedOutFor(String client) {
        Deque<Instant> times = failures.get(client);
        if (times == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        prune(times, now);
        if (times.isEmpty()) {
            failures.remove(client);
            return Optional.empty();
        }
        if (times.size() < max) {
            return Optional.empty();
        }
        Duration wait = Duration.between(now, times.peekFirst().plus(window));
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    }

    public synchronized void recordFailure(String client) {
        Instant now = clock.instant();
        Deque<Instant> times = failures.computeIfAbsent(client, c -> new ArrayDeque<>());
        prune(times, now);
        times.addLast(now);
        while (times.size() > max) {
            times.removeFirst();
        }
    }

    private void prune(Deque<Instant> times, Instant now) {
        Instant horizon = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(horizon)) {
            times.removeFirst();
        }
    }
}
