package dev.landfall.fetcher.retry;

import dev.landfall.common.event.MalformedEventException;
import dev.landfall.common.project.InvalidProjectNameException;
import org.springframework.stereotype.Component;

/**
 * The one place that decides retry versus dead letter, by exception type. An event that cannot be read or names
 * an invalid project cannot get better: straight to the dead letters. Everything else (stale pages, 5xx,
 * truncation, hash mismatch, malformed upstream pages, storage or database hiccups) is retried, in process first,
 * then through the retry topics, until they run out.
 */
@Component
class FailureRouting {

    /** A failed event's next destination. */
    public sealed interface Route {
        record RetryTopic(int index) implements Route { }
        record DeadLetter() implements Route { }
    }

    private final RetryTopics topics;

    public FailureRouting(RetryTopics topics) {
        this.topics = topics;
    }

    public boolean isRetryable(Throwable error) {
        return !(error instanceof MalformedEventException) && !(error instanceof InvalidProjectNameException);
    }

    /** @param nextRetryIndex 0 after the first delivery, i + 1 after a delivery from retry topic i */
    public Route route(Throwable error, int nextRetryIndex) {
        if (!isRetryable(error) || nextRetryIndex >= topics.count()) {
            return new Route.DeadLetter();
        }
        return new Route.RetryTopic(nextRetryIndex);
    }
}
