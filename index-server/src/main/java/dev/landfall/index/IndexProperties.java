package dev.landfall.index;

import java.time.Duration;
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
 */
@Validated
@ConfigurationProperties("landfall.index")
public record IndexProperties(
        @DefaultValue("200ms") Duration publishInterval,
        @DefaultValue("500ms") Duration snapshotPollInterval,
        @DefaultValue("268435456") long cacheSizeBytes,
        @DefaultValue("10m") Duration cookieMaxAge,
        @DefaultValue("true") boolean publisherEnabled,
        @DefaultValue("false") boolean unsafeServeNewest) {

    public static IndexProperties defaults() {
        return new IndexProperties(Duration.ofMillis(200), Duration.ofMillis(500), 256L << 20, Duration.ofMinutes(10), true, false);
    }
}
