package dev.landfall.common.snapshot;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Snapshot retention ({@code landfall.snapshots.*}), read by the index server (which snapshots it serves)
 * and the admin server (what garbage collection keeps and verify checks).
 *
 * @param retention how long a published snapshot stays servable under {@code /snapshots/<W>/} (the newest always is)
 */
@Validated
@ConfigurationProperties("landfall.snapshots")
public record SnapshotProperties(@DefaultValue("7d") Duration retention) {
}
