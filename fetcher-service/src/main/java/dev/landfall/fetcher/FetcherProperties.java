package dev.landfall.fetcher;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The fetcher's settings ({@code landfall.fetcher.*}).
 *
 * @param groupId             Kafka consumer group of all fetcher replicas
 * @param concurrency         project fetches and downloads in flight per replica (HTTP pool size = this)
 * @param listenerConcurrency Kafka consumer threads on the changelog topic per replica
 * @param maxPollRecords      events per poll batch (coalescing window)
 * @param maxPollInterval     Kafka's max.poll.interval.ms: a whole batch (downloads included) must finish within it,
 *                            else the partition is reassigned and the batch redelivered (harmless, but wasted work)
 * @param inProcessAttempts   Resilience4j attempts per delivery before the event goes to a retry topic
 * @param inProcessBackoff    first in-process backoff; doubles per attempt
 * @param retryDelays         one retry topic per delay ({@code landfall.changelog.v1-retry-<index>}), then the DLT
 * @param retryTopicPartitions partitions of the retry topics and the DLT (created if absent)
 * @param changelogPartitions partitions of the changelog topic if this service has to create it
 * @param stallGrace          stall breaker (docs/architecture.md#stall-breaker): after this long failing, a retried event whose page stays
 *                            stamped s' != s is recorded as page_version(p, s) relaxed from s'; 0 disables it
 * @param mirrorPathPrefix    prefix of file URLs on the mirror's pages ("" gives {@code /packages/...})
 * @param maxPageSize         larger upstream pages are rejected as absurd
 * @param maxMetadataSize     larger PEP 658 {@code .metadata} sidecars are rejected (they are a few KB)
 */
@Validated
@ConfigurationProperties("landfall.fetcher")
public record FetcherProperties(
        @NotNull @DefaultValue("landfall-fetcher") String groupId,
        @Min(1) @Max(4096) @DefaultValue("64") int concurrency,
        @Min(1) @DefaultValue("2") int listenerConcurrency,
        @Min(1) @DefaultValue("500") int maxPollRecords,
        @NotNull @DefaultValue("15m") Duration maxPollInterval,
        @Min(1) @DefaultValue("3") int inProcessAttempts,
        @NotNull @DefaultValue("200ms") Duration inProcessBackoff,
        @NotEmpty @DefaultValue({"2s", "10s", "60s", "5m"}) List<Duration> retryDelays,
        @Min(1) @DefaultValue("8") int retryTopicPartitions,
        @Min(1) @DefaultValue("8") int changelogPartitions,
        @NotNull @DefaultValue("30m") Duration stallGrace,
        @NotNull @Pattern(regexp = "|/.*[^/]") @DefaultValue("") String mirrorPathPrefix,
        @NotNull @DefaultValue("64MB") DataSize maxPageSize,
        @NotNull @DefaultValue("16MB") DataSize maxMetadataSize) {

    /** Whether the stall breaker is on. */
    public boolean stallBreakerEnabled() {
        return !stallGrace.isZero() && !stallGrace.isNegative();
    }
}
