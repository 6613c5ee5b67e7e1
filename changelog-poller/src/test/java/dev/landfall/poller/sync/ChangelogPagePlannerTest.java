package dev.landfall.poller.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.common.project.ProjectFilter;
import dev.landfall.poller.ledger.LedgerEntry;
import dev.landfall.poller.upstream.UpstreamJournalRow;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class ChangelogPagePlannerTest {

    private final ChangelogPagePlanner all = new ChangelogPagePlanner(new ProjectFilter(List.of(), List.of()));

    private static UpstreamJournalRow row(String name, long serial) {
        return new UpstreamJournalRow(name, "1.0", 1_700_000_000L, "new release", serial);
    }

    @Test
    void entriesAreExactAndNormalizedAndTheCursorIsTheLastSerial() {
        ChangelogPagePlan plan = all.plan(10, List.of(row("Foo.Bar", 11), row("baz", 14)), 50);
        assertThat(plan.entries()).extracting(LedgerEntry::serial, e -> e.project().value(), LedgerEntry::acceptUpto)
                .containsExactly(Tuple.tuple(11L, "foo-bar", 11L),
                        Tuple.tuple(14L, "baz", 14L));
        assertThat(plan.cursor()).isEqualTo(14);
        assertThat(plan.full()).isFalse();
    }

    @Test
    void invalidNameSkipsOnlyThatRow() {
        ChangelogPagePlan plan = all.plan(10, List.of(row("good", 11), row("bad name!", 12), row("also-good", 13)), 50);
        assertThat(plan.entries()).extracting(LedgerEntry::serial).containsExactly(11L, 13L);
        assertThat(plan.rejected()).extracting(RejectedRow::serial).containsExactly(12L);
        assertThat(plan.cursor()).isEqualTo(13);
    }

    @Test
    void filteredRowsAreLeftOutButTheCursorPassesThem() {
        ChangelogPagePlanner planner = new ChangelogPagePlanner(new ProjectFilter(List.of(), List.of("secret*")));
        ChangelogPagePlan plan = planner.plan(10, List.of(row("public", 11), row("secret-thing", 12)), 50);
        assertThat(plan.entries()).extracting(LedgerEntry::serial).containsExactly(11L);
        assertThat(plan.filtered()).isEqualTo(1);
        assertThat(plan.cursor()).isEqualTo(12);
    }

    @Test
    void aPageOfCapRowsIsFullAndOneLessIsNot() {
        assertThat(all.plan(0, List.of(row("a", 1), row("b", 2)), 2).full()).isTrue();
        assertThat(all.plan(0, List.of(row("a", 1)), 2).full()).isFalse();
    }

    @Test
    void emptyPageKeepsTheCursor() {
        ChangelogPagePlan plan = all.plan(10, List.of(), 50);
        assertThat(plan.cursor()).isEqualTo(10);
        assertThat(plan.entries()).isEmpty();
    }

    @Test
    void nilVersionIsKeptAsNull() {
        ChangelogPagePlan plan = all.plan(0, List.of(new UpstreamJournalRow("p", null, 1L, "create", 5)), 50);
        assertThat(plan.entries().get(0).version()).isNull();
    }

    @Test
    void overlongActionIsCutToTheColumnAndCounted() {
        String action = "x".repeat(ChangelogPagePlanner.MAX_ACTION + 5);
        ChangelogPagePlan plan = all.plan(0, List.of(new UpstreamJournalRow("p", null, 1L, action, 5)), 50);
        assertThat(plan.entries().get(0).action()).hasSize(ChangelogPagePlanner.MAX_ACTION);
        assertThat(plan.truncated()).isEqualTo(1);
    }

    @Test
    void timestampOutsideTheCalendarRejectsTheRow() {
        ChangelogPagePlan plan = all.plan(0, List.of(new UpstreamJournalRow("p", null, Long.MAX_VALUE, "create", 5)), 50);
        assertThat(plan.entries()).isEmpty();
        assertThat(plan.rejected()).extracting(RejectedRow::reason).containsExactly(RejectedRow.Reason.INVALID_ROW);
        assertThat(plan.cursor()).isEqualTo(5);
    }

    @Test
    void rowsAtOrBelowTheCursorAreIgnored() {
        ChangelogPagePlan plan = all.plan(10, List.of(row("a", 9), row("b", 10), row("c", 11)), 50);
        assertThat(plan.entries()).extracting(LedgerEntry::serial).containsExactly(11L);
    }
}
