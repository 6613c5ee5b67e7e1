package dev.landfall.index.team;

import dev.landfall.common.auth.FailedAttemptLimiter;
import dev.landfall.common.team.PrivateReads;
import dev.landfall.common.team.TeamToken;
import dev.landfall.common.team.TeamTokenReads;
import dev.landfall.common.team.TokenDecision;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which views require a read token and whether a request carries one ({@link TokenDecision}, scope read), from
 * memory: tokens (hashes only) and the protected views are re-read every {@code refreshInterval}, so a new or revoked
 * token takes effect within it. Refusals count against the client (the admin API's limit: {@code maxFailures} in
 * {@code failureWindow}, then 429). Every decision is counted per (view, token, outcome) and flushed as one
 * {@code team_read_use} row per key and interval.
 */
public final class ReadTokens implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReadTokens.class);
    private static final Logger audit = LoggerFactory.getLogger("landfall.index.audit");

    /** The answer for one request: {@code status} 0 = go on; else refuse with it. */
    public record Check(int status, String message, long retryAfterSeconds) {
        static final Check OK = new Check(0, "", 0);
    }

    private record UseKey(String view, @Nullable String tokenId, String outcome, int status) {
    }

    private static final class Uses {
        final AtomicLong count = new AtomicLong();
        final Instant first;
        volatile Instant last;

        Uses(Instant now) {
            this.first = now;
            this.last = now;
        }
    }

    private final JdbcTemplate jdbc;
    private final TeamTokenReads tokenReads;
    private final PrivateReads privateReads;
    private final FailedAttemptLimiter limiter;
    private final Clock clock;
    private final Duration refreshInterval;
    private volatile Map<String, TeamTokenReads.StoredToken> tokens = Map.of();
    private volatile Set<String> protectedViews = Set.of();
    private final Map<UseKey, Uses> uses = new ConcurrentHashMap<>();
    private volatile @Nullable ScheduledExecutorService executor;
    private volatile String lastError = "";

    public ReadTokens(JdbcTemplate jdbc, int maxFailures, Duration failureWindow, Duration refreshInterval, Clock clock) {
        this.jdbc = jdbc;
        this.tokenReads = new TeamTokenReads(jdbc);
        this.privateReads = new PrivateReads(jdbc);
        this.limiter = new FailedAttemptLimiter(maxFailures, failureWindow, clock);
        this.clock = clock;
        this.refreshInterval = refreshInterval;
    }

    public boolean protects(String view) {
        return protectedViews.contains(view);
    }

    /** Decides a request to a protected view from memory; counts it for the audit. */
    public Check check(String view, @Nullable String authorization, String client) {
        Optional<Duration> locked = limiter.lockedOutFor(client);
        if (locked.isPresent()) {
            long seconds = Math.max(1, (locked.get().toMillis() + 999) / 1000);
            count(view, null, "rate-limited", 429);
            return new Check(429, "too many failed token checks from " + client + "; retry after " + seconds + " s", seconds);
        }
        Map<String, TeamTokenReads.StoredToken> current = tokens;
        TokenDecision.Verdict verdict = TokenDecision.decide(authorization, view, TeamToken.Scope.READ,
                id -> Optional.ofNullable(current.get(id)));
        if (verdict instanceof TokenDecision.Refused r) {
            limiter.recordFailure(client);
            count(view, r.tokenId(), r.outcome(), r.status());
            return new Check(r.status(), r.message(), 0);
        }
        count(view, verdict.tokenId(), "accepted", 200);
        return Check.OK;
    }

    private void count(String view, @Nullable String tokenId, String outcome, int status) {
        Instant now = clock.instant();
        Uses u = uses.computeIfAbsent(new UseKey(view, tokenId, outcome, status), k -> new Uses(now));
        u.count.incrementAndGet();
        u.last = now;
    }

    /** Re-reads tokens and protected views, then writes the counted decisions. */
    public void refresh() {
        Map<String, TeamTokenReads.StoredToken> next = new ConcurrentHashMap<>();
        for (TeamTokenReads.StoredToken t : tokenReads.all()) {
            next.put(t.id(), t);
        }
        tokens = next;
        protectedViews = Set.copyOf(privateReads.readProtected());
        flush();
    }

    void flush() {
        List<Object[]> rows = new ArrayList<>();
        for (UseKey k : List.copyOf(uses.keySet())) {
            Uses u = uses.remove(k);
            if (u == null || u.count.get() == 0) {
                continue;
            }
            rows.add(new Object[]{k.view(), k.tokenId(), TeamToken.Scope.READ.value(), k.outcome(), k.status(), u.count.get(),
                    Timestamp.from(u.first), Timestamp.from(u.last)});
            if (k.status() != 200) {
                audit.info("team-token view={} token={} scope=read outcome={} status={} requests={}", k.view(), k.tokenId(),
                        k.outcome(), k.status(), u.count.get());
            }
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO team_read_use (view_name, token_id, scope, outcome, status, requests, first_at, last_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "landfall-index-read-tokens");
            t.setDaemon(true);
            return t;
        });
        ex.scheduleWithFixedDelay(() -> {
            try {
                refresh();
                lastError = "";
            } catch (Throwable e) {
                String msg = String.valueOf(e);
                if (!msg.equals(lastError)) {
                    log.warn("read-token refresh failed (retrying every round): {}", msg);
                }
                lastError = msg;
            }
        }, 0, refreshInterval.toMillis(), TimeUnit.MILLISECONDS);
        executor = ex;
    }

    @Override
    public void stop() {
        ScheduledExecutorService ex = executor;
        if (ex != null) {
            ex.shutdownNow();
            try {
                flush();
            } catch (RuntimeException e) {
                log.warn("could not write the last read-token uses: {}", e.toString());
            }
        }
        executor = null;
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
