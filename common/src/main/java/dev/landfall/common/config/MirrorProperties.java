package dev.landfall.common.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which projects are mirrored, and how on-demand mirroring is bounded. The poller reads the mode (it decides what
 * enters the ledger); the index server reads the rest (it records demands and makes requests wait).
 *
 * @param mode               {@code all}: every upstream project but the blocklist; {@code allowlist}: only
 *                           {@code landfall.filter.allow} (everything if that is empty) minus the blocklist, as
 *                           before this setting existed; {@code on-demand}: the allowlist plus every project a
 *                           client asked for, minus the blocklist
 * @param demandWait         how long a request for a project not yet mirrored waits for the first snapshot holding
 *                           it before answering 503 with Retry-After; below pip's 15 s socket timeout
 * @param demandCapPerHour   at most this many new projects are demanded per rolling hour (429 beyond)
 * @param demandCapTotal     at most this many demanded projects in total (503 beyond, until an operator removes some)
 * @param negativeCacheTtl   how long a name unknown upstream is answered 404 from memory
 * @param negativeCacheSize  at most this many names are remembered as unknown (oldest dropped first)
 * @param prefetchDepth      when a demanded project lands, its newest upload's dependencies are demanded too, and
 *                           theirs, down to this many levels (0 = only what clients ask for); within the caps
 */
@Validated
@ConfigurationProperties("landfall.mirror")
public record MirrorProperties(
        @NotNull @DefaultValue("allowlist") Mode mode,
        @NotNull @DefaultValue("10s") Duration demandWait,
        @Min(0) @DefaultValue("200") int demandCapPerHour,
        @Min(0) @DefaultValue("10000") int demandCapTotal,
        @NotNull @DefaultValue("10m") Duration negativeCacheTtl,
        @Min(1) @DefaultValue("100000") int negativeCacheSize,
        @Min(0) @DefaultValue("5") int prefetchDepth) {

    /** The mirrored set's rule; bound from {@code all}, {@code allowlist}, {@code on-demand}. */
    public enum Mode {
        ALL, ALLOWLIST, ON_DEMAND
    }

    public boolean onDemand() {
        return mode == Mode.ON_DEMAND;
    }
}
