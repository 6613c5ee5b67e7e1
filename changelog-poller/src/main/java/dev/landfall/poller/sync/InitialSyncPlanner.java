package dev.landfall.poller.sync;

import dev.landfall.common.project.InvalidProjectNameException;
import dev.landfall.common.project.ProjectName;
import dev.landfall.poller.filter.MirrorScope;
import dev.landfall.common.project.ProjectFilter;
import dev.landfall.poller.ledger.LedgerEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns S0 and {@code list_packages_with_serial()} into the initial ledger entries, floor and cursor.
 *
 * <p>Each project gets one entry at its listed serial L with accept_upto = max(L, S0): the listing is
 * served from a cache that may lag the journal (docs/architecture.md#xml-rpc-changelog), so a page stamped anywhere in [L, S0]
 * satisfies it. The floor is max(S0, max L) because every listed serial is known to be mirrored from
 * there on, but earlier entries of each project are not in the ledger.
 */
final class InitialSyncPlanner {

    private final MirrorScope scope;

    public InitialSyncPlanner(ProjectFilter filter) {
        this(MirrorScope.allowlist(filter));
    }

    public InitialSyncPlanner(MirrorScope scope) {
        this.scope = scope;
    }

    public InitialSyncPlan plan(long s0, Map<String, Long> listing, long changelogStartOffset, Instant now) {
        Map<ProjectName, Long> upstream = new HashMap<>(listing.size() * 2);
        List<RejectedRow> rejected = new ArrayList<>();
        Map<ProjectName, Long> projects = new HashMap<>(listing.size() * 2);
        int filtered = 0;
        long maxListed = Long.MIN_VALUE;
        for (Map.Entry<String, Long> member : listing.entrySet()) {
            long listed = member.getValue();
            ProjectName name;
            try {
                name = ProjectName.of(member.getKey());
            } catch (InvalidProjectNameException e) {
                rejected.add(new RejectedRow(listed, member.getKey(), RejectedRow.Reason.INVALID_NAME, e.getMessage()));
                continue;
            }
            if (listed < 0) {
                rejected.add(new RejectedRow(listed, member.getKey(), RejectedRow.Reason.INVALID_ROW, "negative serial"));
                continue;
            }
            upstream.merge(name, listed, Math::max);
            if (!scope.accepts(name)) {
                filtered++;
                continue;
            }
            maxListed = Math.max(maxListed, listed);
            // Two display names of one project cannot both be listed upstream; keep the newer serial if they are.
            projects.merge(name, listed, Math::max);
        }
        List<LedgerEntry> entries = new ArrayList<>(projects.size());
        Map<Long, ProjectName> bySerial = new HashMap<>(projects.size() * 2);
        projects.entrySet().stream()
                .sorted(Map.Entry.<ProjectName, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .forEach(p -> {
                    ProjectName earlier = bySerial.putIfAbsent(p.getValue(), p.getKey());
                    if (earlier != null) {
                        rejected.add(new RejectedRow(p.getValue(), p.getKey().value(), RejectedRow.Reason.DUPLICATE_SERIAL,
                                "serial also listed for " + earlier));
                    } else {
                        entries.add(LedgerEntry.initial(p.getKey(), p.getValue(), s0, now));
                    }
                });
        entries.sort(Comparator.comparingLong(LedgerEntry::serial));
        long floor = Math.max(s0, maxListed);
        long cursor = Math.max(0, s0 - changelogStartOffset);
        return new InitialSyncPlan(s0, entries, floor, cursor, filtered, rejected, upstream);
    }
}
