package dev.landfall.fetcher.retry;

import dev.landfall.common.event.ChangelogEvent;
import dev.landfall.fetcher.FetcherMetrics;
import dev.landfall.fetcher.FetcherProperties;
import dev.landfall.fetcher.page.SyncAttempt;
import dev.landfall.fetcher.protocol.FetchProtocol;
import dev.landfall.fetcher.protocol.SyncOutcome;
import dev.landfall.fetcher.upstream.UpstreamException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.springframework.stereotype.Component;

/**
 * One delivery of one event: the fetch protocol under Resilience4j's in-process retry (a few attempts with a
 * doubling backoff, each attempt asking for another representation), timed. Returns a failure instead of throwing
 * so the caller can route it (retry topic or dead letters).
 */
@Component
class EventSync {

    /** How a delivery ended. */
    public sealed interface Result {
        record Done(SyncOutcome outcome) implements Result { }
        record Failed(RuntimeException error) implements Result { }
    }

    private final FetchProtocol protocol;
    private final FetcherMetrics metrics;
    private final Retry retry;

    public EventSync(FetchProtocol protocol, FetcherMetrics metrics, FetcherProperties properties, FailureRouting routing) {
        this.protocol = protocol;
        this.metrics = metrics;
        this.retry = Retry.of("landfall-fetcher", RetryConfig.custom()
                .maxAttempts(properties.inProcessAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(properties.inProcessBackoff(), 2.0))
                .retryOnException(routing::isRetryable)
                .build());
    }

    public Result run(ChangelogEvent event, SyncAttempt attempt) {
        return metrics.fetchLatency().record(() -> {
            try {
                return new Result.Done(retry.executeSupplier(() -> attemptOnce(event, attempt)));
            } catch (RuntimeException e) {
                // handled by the caller: routed to a retry topic or the dead letters, logged there once
                return new Result.Failed(e);
            }
        });
    }

    private SyncOutcome attemptOnce(ChangelogEvent event, SyncAttempt attempt) {
        attempt.next();
        try {
            return protocol.sync(event, attempt);
        } catch (UpstreamException e) {
            metrics.upstreamFault(e.kind());
            throw e;
        }
    }
}
