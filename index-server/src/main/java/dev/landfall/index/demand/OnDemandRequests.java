package dev.landfall.index.demand;

import dev.landfall.common.config.MirrorProperties;
import dev.landfall.common.demand.DemandReads;
import dev.landfall.common.project.ProjectFilter;
import dev.landfall.common.project.ProjectName;
import dev.landfall.common.storage.BlobStore;
import dev.landfall.common.storage.StorageKeys;
import dev.landfall.index.snapshot.SnapshotCatalog;
import dev.landfall.index.snapshot.SnapshotView;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request for {@code /simple/<p>/} that the current snapshot does not hold, in on-demand mode: decide
 * ({@link DemandPolicy}), record the demand ({@code project_demand}, this service's table), and wait for the first
 * snapshot that holds {@code p} WITHOUT holding a thread: the Jetty callback is kept in a queue and completed by a
 * scheduler tick that looks at the current snapshot, or answered 503 with Retry-After past
 * {@code landfall.mirror.demand-wait}. The poller admits the demand (docs/decisions/010-on-demand-admission.md).
 *
 * <p>The table look-ups run on a small bounded pool, never on a Jetty thread; a full pool answers 503.
 *
 * <p>When a demanded project lands, the dependencies of its newest upload are demanded too
 * ({@link DependencyPrefetch}), down to {@code landfall.mirror.prefetch-depth} levels, so a client walking a
 * dependency tree finds most of it admitted already.
 */
public final class OnDemandRequests implements AutoCloseable {

    /** How the waiting request is finally answered; called once, from a pool or scheduler thread. */
    public interface Answer {
        /** Serve the page from {@code view}, which holds the project (and is at least the one the request saw). */
        void serve(SnapshotView view);

        void reject(int status, String message, @Nullable String retryAfterSeconds);
    }

    private static final Logger log = LoggerFactory.getLogger(OnDemandRequests.class);
    private static final Duration TICK = Duration.ofMillis(50);
    private static final String RETRY_AFTER_WAIT = "3";
    private static final String RETRY_AFTER_CAP = "600";

    private record Waiter(String project, long deadlineNanos, Answer answer) {
    }

    private final SnapshotCatalog catalog;
    private final DemandReads reads;
    private final JdbcTemplate jdbc;
    private final ProjectFilter filter;
    private final DemandPolicy policy;
    private final NegativeCache negative;
    private final Duration wait;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    /** Demanded projects not landed yet → their level (0 = asked for by a client); prefetch runs when they land. */
    private final Map<String, Integer> landing = new ConcurrentHashMap<>();
    private final BlobStore blobs;
    private final int prefetchDepth;
    private final JsonMapper json = JsonMapper.builder().build();
    private final AtomicInteger waiting = new AtomicInteger();
    private final ScheduledExecutorService ticker;
    private final ThreadPoolExecutor lookups;

    public OnDemandRequests(SnapshotCatalog catalog, JdbcTemplate jdbc, BlobStore blobs, ProjectFilter filter,
                            MirrorProperties properties, Clock clock, MeterRegistry metrics) {
        this.catalog = catalog;
        this.blobs = blobs;
        this.prefetchDepth = properties.prefetchDepth();
        this.reads = new DemandReads(jdbc);
        this.jdbc = jdbc;
        this.filter = filter;
        this.policy = new DemandPolicy(properties.demandCapPerHour(), properties.demandCapTotal());
        this.negative = new NegativeCache(properties.negativeCacheTtl(), properties.negativeCacheSize(), clock);
        this.wait = properties.demandWait();
        this.clock = clock;
        this.metrics = metrics;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "landfall-demand-waiters"));
        this.lookups = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000),
                r -> daemon(r, "landfall-demand-lookup"));
        ticker.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        Gauge.builder("landfall.index.demand.waiting", waiting, AtomicInteger::get)
                .description("Requests waiting for a demanded project's first snapshot").register(metrics);
        Gauge.builder("landfall.index.demand.negative-cache", negative, NegativeCache::size)
                .description("Names remembered as unknown upstream").register(metrics);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Takes over the request for {@code project} (a valid normalized name) missing from the snapshot it saw. */
    public void await(String project, Answer answer) {
        ProjectName name = new ProjectName(project);
        Optional<DemandPolicy.Outcome> early = policy.beforeLookup(filter.blocks(name), negative.contains(project));
        if (early.isPresent()) {
            answer(project, early.get(), answer);
            return;
        }
        try {
            lookups.execute(() -> {
                try {
                    answer(project, lookUpAndDecide(project), answer);
                } catch (DataAccessException e) {
                    reject(answer, project, "database", 503, "project " + project + " cannot be looked up now, retry", RETRY_AFTER_WAIT);
                }
            });
        } catch (RejectedExecutionException e) {
            reject(answer, project, "busy", 503, "too many projects being looked up, retry", RETRY_AFTER_WAIT);
        }
    }

    private DemandPolicy.Outcome lookUpAndDecide(String project) {
        return lookUpAndDecide(project, 0);
    }

    private DemandPolicy.Outcome lookUpAndDecide(String project, int level) {
        boolean removed = reads.isRemoved(project);
        var upstream = removed ? Optional.<DemandReads.UpstreamProject>empty() : reads.upstream(project);
        boolean demanded = upstream.isPresent() && reads.isDemanded(project);
        boolean needCounts = upstream.isPresent() && !demanded;
        long lastHour = needCounts ? reads.demandedSince(clock.instant().minus(Duration.ofHours(1))) : 0;
        long total = needCounts ? reads.demandedTotal() : 0;
        DemandPolicy.Outcome outcome = policy.decide(removed, upstream, demanded, lastHour, total);
        if (outcome instanceof DemandPolicy.Outcome.Wait w) {
            if (w.record()) {
                record(project, level);
            }
            if (level < prefetchDepth) {
                landing.putIfAbsent(project, level);
            }
        }
        return outcome;
    }

    private void record(String project, int level) {
        try {
            jdbc.update("""
                    INSERT INTO project_demand (project, demanded_at)
                    SELECT ?, ? FROM (VALUES (1)) AS one(x)
                    WHERE NOT EXISTS (SELECT 1 FROM project_demand WHERE project = ?)""",
                    project, Timestamp.from(clock.instant()), project);
            metrics.counter("landfall.index.demand.recorded", "source", level == 0 ? "client" : "dependency").increment();
            if (level == 0) {
                log.info("Demand recorded for project {}: waiting up to {} for its first snapshot", project, wait);
            } else {
                log.info("Demand recorded for project {}: a dependency (level {}) of a demanded project", project, level);
            }
        } catch (DuplicateKeyException e) {
            // Another replica recorded it at the same moment: the demand exists, which is all that matters.
        }
    }

    private void answer(String project, DemandPolicy.Outcome outcome, Answer answer) {
        if (outcome instanceof DemandPolicy.Outcome.Wait) {
            waiting.incrementAndGet();
            waiters.add(new Waiter(project, System.nanoTime() + wait.toNanos(), answer));
        } else if (outcome instanceof DemandPolicy.Outcome.NotFound nf) {
            if (nf.negativelyCached()) {
                negative.add(project);
            }
            String message = switch (nf.reason()) {
                case BLOCKED -> "project " + project + " is blocked on this mirror";
                case REMOVED -> "project " + project + " was removed from this mirror by an operator";
                case NEGATIVE_CACHE, UNKNOWN_UPSTREAM -> "project " + project + " does not exist upstream";
                case GONE_UPSTREAM -> "project " + project + " was removed upstream";
            };
            reject(answer, project, nf.reason().name(), 404, message, null);
        } else if (outcome instanceof DemandPolicy.Outcome.CapReached cap) {
            if (cap.cap() == DemandPolicy.Cap.PER_HOUR) {
                reject(answer, project, "cap_per_hour", 429, "project " + project
                        + " is not mirrored yet and the hourly cap of new on-demand projects is reached; retry later", RETRY_AFTER_CAP);
            } else {
                reject(answer, project, "cap_total", 503, "project " + project
                        + " is not mirrored and the mirror's cap of on-demand projects is reached; ask an operator", RETRY_AFTER_CAP);
            }
        }
    }

    /** The one place a rejection is counted and logged. */
    private void reject(Answer answer, String project, String reason, int status, String message, @Nullable String retryAfter) {
        String tag = reason.toLowerCase(Locale.ROOT);
        metrics.counter("landfall.index.demand.rejected", "reason", tag).increment();
        log.info("On-demand request for {} answered {} ({})", project, status, tag);
        answer.reject(status, message, retryAfter);
    }

    private void tick() {
        if (waiters.isEmpty() && landing.isEmpty()) {
            return;
        }
        SnapshotView current = catalog.current().orElse(null);
        if (current != null && !landing.isEmpty()) {
            for (Iterator<Map.Entry<String, Integer>> it = landing.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Integer> e = it.next();
                Long serial = current.pageSerial(e.getKey());
                if (serial != null) {
                    it.remove();
                    prefetchDependencies(e.getKey(), serial, e.getValue() + 1, current);
                }
            }
        }
        long now = System.nanoTime();
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            boolean arrived = current != null && current.pageSerial(w.project()) != null;
            if (!arrived && now - w.deadlineNanos() < 0) {
                continue;
            }
            it.remove();
            waiting.decrementAndGet();
            try {
                if (arrived) {
                    metrics.counter("landfall.index.demand.served").increment();
                    w.answer().serve(current);
                } else {
                    reject(w.answer(), w.project(), "wait_timeout", 503, "project " + w.project()
                            + " is being mirrored and is not in a snapshot yet; retry", RETRY_AFTER_WAIT);
                }
            } catch (RuntimeException e) {
                log.warn("Answering the waiting request for {} failed: {}", w.project(), e.toString());
            }
        }
    }

    /** Demands what {@code project}'s newest upload requires (at {@code level}); best effort, on the lookup pool. */
    private void prefetchDependencies(String project, long serial, int level, SnapshotView current) {
        try {
            lookups.execute(() -> {
                try {
                    var metadataKey = DependencyPrefetch.newestMetadataKey(
                            json.readTree(blobs.readAllBytes(StorageKeys.pageJson(new ProjectName(project), serial))));
                    if (metadataKey.isEmpty()) {
                        return;
                    }
                    String metadata = new String(blobs.readAllBytes(metadataKey.get()), StandardCharsets.UTF_8);
                    for (String dependency : DependencyPrefetch.requirements(metadata)) {
                        if (current.pageSerial(dependency) == null && !landing.containsKey(dependency)
                                && policy.beforeLookup(filter.blocks(new ProjectName(dependency)), negative.contains(dependency)).isEmpty()) {
                            if (lookUpAndDecide(dependency, level) instanceof DemandPolicy.Outcome.NotFound nf && nf.negativelyCached()) {
                                negative.add(dependency);
                            }
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // A prefetch is an optimisation: the client's own request still demands what it needs.
                    log.debug("Prefetching the dependencies of {} failed: {}", project, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            // busy: skip the prefetch
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        lookups.shutdownNow();
        for (Waiter w; (w = waiters.poll()) != null; ) {
            w.answer().reject(503, "shutting down", RETRY_AFTER_WAIT);
        }
    }
}
