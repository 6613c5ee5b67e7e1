package dev.landfall.fetcher.retry;

import dev.landfall.common.event.Topics;
import dev.landfall.fetcher.FetcherProperties;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.springframework.stereotype.Component;

/**
 * The retry topics: {@code landfall.changelog.v1-retry-<i>}, one per configured delay, then the dead-letter topic
 * {@code landfall.changelog.v1-dlt}. Names carry the index (not the delay) so a delay change keeps the topics.
 */
@Component
public class RetryTopics {

    private final List<Duration> delays;

    public RetryTopics(FetcherProperties properties) {
        this.delays = List.copyOf(properties.retryDelays());
    }

    public int count() {
        return delays.size();
    }

    public String name(int index) {
        return Topics.CHANGELOG + "-retry-" + index;
    }

    public Duration delay(int index) {
        return delays.get(index);
    }

    public List<String> names() {
        return IntStream.range(0, count()).mapToObj(this::name).toList();
    }

    public String deadLetters() {
        return Topics.CHANGELOG_DLT;
    }

    /** The index of a retry topic name, empty for any other topic. */
    public OptionalInt indexOf(String topic) {
        int i = names().indexOf(topic);
        return i < 0 ? OptionalInt.empty() : OptionalInt.of(i);
    }
}
