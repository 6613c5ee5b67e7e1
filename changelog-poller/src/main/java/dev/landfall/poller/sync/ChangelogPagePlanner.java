package dev.landfall.poller.sync;

import dev.landfall.common.journal.ActionKind;
import dev.landfall.common.journal.JournalEntry;
import dev.landfall.common.project.InvalidProjectNameException;
import dev.landfall.common.project.ProjectName;
import dev.landfall.poller.filter.MirrorScope;
import dev.landfall.common.project.ProjectFilter;
import dev.landfall.poller.ledger.LedgerEntry;
import dev.landfall.poller.ledger.UpstreamSerial;
import dev.landfall.poller.upstream.UpstreamJournalRow;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Turns one page of upstream journal rows into ledger entries and the next cursor.
 *
 * <p>A row with an invalid name or unusable values is skipped alone: the rest of the page is recorded
 * and the cursor moves past it, because asking again returns the same row forever. Filtered projects
 * never enter the ledger. Names are normalized here (upstream sends display names, docs/architecture.md#xml-rpc-changelog).
 */
final class ChangelogPagePlanner {

    /** Column sizes of changelog_entry (V1__ledger.sql). */
    static final int MAX_VERSION = 400;
    static final int MAX_ACTION = 2000;

    private final ProjectFilter filter;

    public ChangelogPagePlanner(ProjectFilter filter) {
        this.filter = filter;
    }

    public ChangelogPagePlan plan(long cursor, List<UpstreamJournalRow> rows, int pageCap) {
        return plan(cursor, rows, pageCap, MirrorScope.allowlist(filter));
    }

    /** Plans the page against {@code scope}, the mirrored set at this cursor (on-demand admissions change it). */
    public ChangelogPagePlan plan(long cursor, List<UpstreamJournalRow> rows, int pageCap, MirrorScope scope) {
        Map<ProjectName, UpstreamSerial> upstream = new HashMap<>();
        List<LedgerEntry> entries = new ArrayList<>(rows.size());
        List<RejectedRow> rejected = new ArrayList<>();
        int filtered = 0;
        int truncated = 0;
        long newCursor = cursor;
        for (UpstreamJournalRow row : rows) {
            newCursor = Math.max(newCursor, row.serial());
            if (row.serial() <= cursor) {
                continue; // upstream returns rows after the cursor only; an older one is already handled
            }
            ProjectName project;
            try {
                project = ProjectName.of(row.name());
            } catch (InvalidProjectNameException e) {
                rejected.add(new RejectedRow(row.serial(), row.name(), RejectedRow.Reason.INVALID_NAME, e.getMessage()));
                continue;
            }
            // Every valid row, mirrored or not: the table of upstream projects knows them all.
            upstream.merge(project, new UpstreamSerial(project, row.serial(),
                            ActionKind.of(row.action()) != ActionKind.REMOVE_PROJECT),
                    (a, b) -> a.serial() >= b.serial() ? a : b);
            if (!scope.accepts(project)) {
                filtered++;
                continue;
            }
            Instant occurredAt;
            try {
                occurredAt = Instant.ofEpochSecond(row.timestamp());
            } catch (DateTimeException e) {
                rejected.add(new RejectedRow(row.serial(), row.name(), RejectedRow.Reason.INVALID_ROW,
                        "timestamp " + row.timestamp() + " out of range"));
                continue;
            }
            String version = cut(row.version(), MAX_VERSION);
            String action = cut(row.action(), MAX_ACTION);
            if (!Objects.equals(version, row.version()) || !action.equals(row.action())) {
                truncated++;
            }
            entries.add(LedgerEntry.exact(new JournalEntry(row.serial(), project, version, action, occurredAt)));
        }
        entries.sort(Comparator.comparingLong(LedgerEntry::serial));
        return new ChangelogPagePlan(entries, newCursor, filtered, rejected, truncated, rows.size() >= pageCap,
                List.copyOf(upstream.values()));
    }

    private static @Nullable String cut(@Nullable String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
