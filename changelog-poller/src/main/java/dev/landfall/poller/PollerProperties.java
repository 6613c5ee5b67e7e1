package dev.landfall.poller;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The changelog poller ({@code landfall.poller.*}).
 *
 * @param enabled             run the poll loop (off: the context starts without polling, e.g. for maintenance)
 * @param interval            pause between two {@code changelog_since_serial} polls (PyPI asks for ≥ 1 s)
 * @param standbyInterval     how often a standby instance tries to become leader
 * @param changelogPageCap    upstream's per-call row cap (PyPI: 50,000): a full page means "call again now"
 * @param publishBatchSize    outbox rows sent to Kafka per batch (sent together, then all acks awaited)
 * @param publishTimeout      how long to wait for the acks of one batch before keeping it for the next round
 * @param initialSync         run the initial sync from {@code list_packages_with_serial} on an empty ledger;
 *                            off: start the changelog at S0 without initial entries (floor S0)
 * @param changelogStartOffset start the changelog this many serials before S0 after the initial sync, to learn
 *                            the exact entries the lagging listing hides (replaying is harmless)
 * @param leaderRole          the leader lock role; one active poller per role
 * @param retryAttempts       attempts per upstream call (I/O errors, 5xx, rate-limit faults)
 * @param retryBackoff        first backoff between attempts; doubles each time
 * @param circuitOpenFor      how long the circuit breaker stays open after repeated upstream failures
 * @param topicPartitions     partitions of {@code landfall.changelog.v1} when the poller creates it
 * @param topicReplication    replication factor of {@code landfall.changelog.v1} when the poller creates it
 */
@Validated
@ConfigurationProperties("landfall.poller")
public record PollerProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue("1s") Duration interval,
        @NotNull @DefaultValue("5s") Duration standbyInterval,
        @Min(1) @DefaultValue("50000") int changelogPageCap,
        @Min(1) @DefaultValue("5000") int publishBatchSize,
        @NotNull @DefaultValue("60s") Duration publishTimeout,
        @DefaultValue("true") boolean initialSync,
        @Min(0) @DefaultValue("0") long changelogStartOffset,
        @NotBlank @DefaultValue("changelog-poller") String leaderRole,
        @Min(1) @DefaultValue("4") int retryAttempts,
        @NotNull @DefaultValue("1s") Duration retryBackoff,
        @NotNull @DefaultValue("60s") Duration circuitOpenFor,
        @Min(1) @DefaultValue("8") int topicPartitions,
        @Min(1) @DefaultValue("1") short topicReplication) {
}
