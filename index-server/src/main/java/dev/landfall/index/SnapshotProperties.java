package dev.landfall.index;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Snapshot retention ({@code landfall.snapshots.*}), shared with garbage collection.
 *
 * @param retention how long a published snapshot stays servable under {@code /snapshots/<W>/} (the newest always is)
 */
@Validated
@ConfigurationProperties("landfall.snapshots")
public record SnapshotProperties(@DefaultValue("7d") Duration retention) {
}
