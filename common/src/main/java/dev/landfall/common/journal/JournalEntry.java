package dev.landfall.common.journal;

import dev.landfall.common.project.ProjectName;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One row of PyPI's journal as returned by {@code changelog_since_serial}: name, version,
 * timestamp, action, serial. The name is normalized; the action is kept verbatim.
 */
public record JournalEntry(long serial, ProjectName project, @Nullable String version, String action, Instant occurredAt) {

    public ActionKind kind() {
        return ActionKind.of(action);
    }

    public boolean isProjectRemoval() {
        return kind() == ActionKind.REMOVE_PROJECT;
    }
}
