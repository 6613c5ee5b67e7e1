package dev.landfall.common.event;

import dev.landfall.common.journal.JournalEntry;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The value of a {@code landfall.changelog.v1} record (key = normalized project name):
 * one ledger entry, published by the changelog poller (or again by a replay).
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this code
 * @param serial        the journal serial of the entry
 * @param project       normalized project name
 * @param version       release version, null for project-level actions
 * @param action        PyPI's action string, verbatim
 * @param occurredAt    journal timestamp
 * @param replay        true when re-published for repair; fetching is idempotent so it only repairs
 */
public record ChangelogEvent(int schemaVersion, long serial, String project, @Nullable String version, String action,
                             Instant occurredAt, boolean replay) {

    public static final int SCHEMA_VERSION = 1;

    public static ChangelogEvent of(JournalEntry entry, boolean replay) {
        return new ChangelogEvent(SCHEMA_VERSION, entry.serial(), entry.project().value(), entry.version(),
                entry.action(), entry.occurredAt(), replay);
    }
}
