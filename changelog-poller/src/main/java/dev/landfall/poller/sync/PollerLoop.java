package dev.landfall.poller.sync;

import dev.landfall.common.leader.LeaderLock;
import dev.landfall.poller.PollerProperties;
import dev.landfall.poller.metrics.PollerMetrics;
import dev.landfall.poller.metrics.PollerMetrics.ErrorKind;
import dev.landfall.poller.upstream.MalformedXmlRpcException;
import dev.landfall.poller.upstream.UpstreamHttpException;
import dev.landfall.poller.upstream.UpstreamUnavailableException;
import dev.landfall.poller.upstream.XmlRpcFaultException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The poller's single thread: while this instance holds the leader lock it runs a
 * {@link ChangelogSync#round} every interval; otherwise it stands by and tries the lock every
 * standby interval. Errors end the round (nothing half-recorded: each page is one transaction),
 * are counted and logged once, and the next round retries after a growing pause.
 * Stopped with the application context; the lock is released on the way out.
 */
@Component
public class PollerLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PollerLoop.class);
    private static final Duration MAX_ERROR_PAUSE = Duration.ofMinutes(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final LeaderLock lock;
    private final ChangelogSync sync;
    private final PollerProperties properties;
    private final PollerMetrics metrics;
    private final Object wakeup = new Object();
    private volatile boolean running;
    private @Nullable Thread thread;

    public PollerLoop(LeaderLock lock, ChangelogSync sync, PollerProperties properties, PollerMetrics metrics) {
        this.lock = lock;
        this.sync = sync;
        this.properties = properties;
        this.metrics = metrics;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Thread t = new Thread(this::run, "changelog-poller");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void stop() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
        }
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
        if (t != null) {
            try {
                t.join(STOP_TIMEOUT.toMillis());
                if (t.isAlive()) {
                    log.warn("Changelog poller thread did not stop within {}; interrupting it", STOP_TIMEOUT);
                    t.interrupt();
                    t.join(STOP_TIMEOUT.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isAutoStartup() {
        return properties.enabled();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        String role = properties.leaderRole();
        int failures = 0;
        try {
            while (running) {
                boolean leader = lock.tryAcquire(role);
                if (leader != metrics.isLeader()) {
                    log.info(leader ? "Became the active changelog poller ({})" : "Not the active changelog poller ({}); standing by", role);
                }
                metrics.leader(leader);
                if (!leader) {
                    pause(properties.standbyInterval());
                    continue;
                }
                try {
                    sync.round(() -> running && lock.tryAcquire(role));
                    failures = 0;
                    pause(properties.interval());
                } catch (RuntimeException e) {
                    failures++;
                    record(e);
                    pause(errorPause(failures));
                }
            }
        } finally {
            lock.release(role);
            metrics.leader(false);
        }
    }

    private Duration errorPause(int failures) {
        Duration pause = properties.interval().multipliedBy(1L << Math.min(failures, 10));
        return pause.compareTo(MAX_ERROR_PAUSE) > 0 ? MAX_ERROR_PAUSE : pause;
    }

    /** The one place a failed round is counted and logged. */
    private void record(RuntimeException e) {
        ErrorKind kind;
        if (e instanceof MalformedXmlRpcException) {
            kind = ErrorKind.MALFORMED_ANSWER;
        } else if (e instanceof XmlRpcFaultException f) {
            kind = f.isRateLimit() ? ErrorKind.RATE_LIMITED : ErrorKind.UPSTREAM_FAULT;
        } else if (e instanceof UpstreamUnavailableException) {
            kind = ErrorKind.UPSTREAM_UNAVAILABLE;
        } else if (e instanceof UpstreamHttpException) {
            kind = ErrorKind.UPSTREAM_HTTP;
        } else if (e instanceof DataAccessException) {
            kind = ErrorKind.DATABASE;
        } else {
            kind = ErrorKind.UNEXPECTED;
        }
        metrics.error(kind);
        if (kind == ErrorKind.UNEXPECTED) {
            log.error("Changelog poll failed; cursor unchanged, retrying", e);
        } else {
            log.warn("Changelog poll failed ({}); cursor unchanged, retrying: {}", kind, e.getMessage());
        }
    }

    private void pause(Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        synchronized (wakeup) {
            long left;
            while (running && (left = deadline - System.nanoTime()) > 0) {
                try {
                    wakeup.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }
}
