package dev.landfall.fetcher.ledger;

import dev.landfall.common.project.ProjectName;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A {@code page_version} row: a page of {@code project} stamped exactly {@code serial}, fully landed.
 *
 * @param relaxedFrom stall breaker: the stamp of the page recorded here in place of {@code serial}; null normally
 */
public record PageVersion(ProjectName project, long serial, State state, @Nullable String htmlKey, @Nullable String jsonKey,
                          int fileCount, long totalBytes, @Nullable Long relaxedFrom, Instant landedAt) {

    public enum State { PRESENT, DELETED }

    public static PageVersion tombstone(ProjectName project, long serial, Instant now) {
        return new PageVersion(project, serial, State.DELETED, null, null, 0, 0, null, now);
    }
}
