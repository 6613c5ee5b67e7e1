package dev.landfall.index;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The index server's settings ({@code landfall.index.*}).
 *
 * @param publishInterval        how often the publishing replica looks for a newer servable snapshot
 * @param snapshotPollInterval   how often every replica checks the snapshot table for a newer snapshot
 * @param cacheSizeBytes         bound of the in-memory cache of immutable page bytes (plain + gzip)
 * @param cookieMaxAge           how long the run-stickiness cookie pins a client to its snapshot
 * @param publisherEnabled       whether this replica takes part in publishing (leader lock decides who publishes)
 * @param unsafeServeNewest      TEST ONLY negative control: publish the newest page versions ignoring the servability rule
 * @param runIdleGap             cookie-less run stickiness: requests of one client (address + User-Agent) less than this
 *                               apart form one run, served from one snapshot; 0 turns it off (README "Snapshot stickiness")
 * @param runTableSize           how many cookie-less runs the replica remembers at most (ended runs are evicted first)
 * @param trustedProxies         CIDR blocks of proxies whose {@code Forwarded} / {@code X-Forwarded-For} name the client;
 *                               empty: the socket's peer address is the client
 */
@Validated
@ConfigurationProperties("landfall.index")
public record IndexProperties(
        @DefaultValue("200ms") Duration publishInterval,
        @DefaultValue("500ms") Duration snapshotPollInterval,
        @DefaultValue("268435456") long cacheSizeBytes,
        @DefaultValue("10m") Duration cookieMaxAge,
        @DefaultValue("true") boolean publisherEnabled,
        @DefaultValue("false") boolean unsafeServeNewest,
        @DefaultValue("5s") Duration runIdleGap,
        @DefaultValue("16384") int runTableSize,
        @DefaultValue("") List<String> trustedProxies) {

    public static IndexProperties defaults() {
        return new IndexProperties(Duration.ofMillis(200), Duration.ofMillis(500), 256L << 20, Duration.ofMinutes(10), true, false,
                Duration.ofSeconds(5), 16384, List.of());
    }
}
