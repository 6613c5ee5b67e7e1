package dev.landfall.index.status;

import dev.landfall.index.snapshot.SnapshotCatalog;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Readiness: a replica is ready once it serves a published snapshot (include it in the readiness group). */
public final class SnapshotHealthIndicator implements HealthIndicator {

    private final SnapshotCatalog catalog;

    public SnapshotHealthIndicator(SnapshotCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Health health() {
        return catalog.current()
                .map(v -> Health.up().withDetail("snapshot", v.serial()).build())
                .orElseGet(() -> Health.outOfService().withDetail("reason", "no snapshot published yet").build());
    }
}
