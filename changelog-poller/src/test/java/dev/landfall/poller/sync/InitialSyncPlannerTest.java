package dev.landfall.poller.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.common.journal.ActionKind;
import dev.landfall.common.project.ProjectName;
import dev.landfall.common.project.ProjectFilter;
import dev.landfall.poller.ledger.LedgerEntry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/architecture.md#initial-sync. */
class InitialSyncPlannerTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private final InitialSyncPlanner all = new InitialSyncPlanner(new ProjectFilter(List.of(), List.of()));

    private static Map<String, Long> listing(Object... nameSerial) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < nameSerial.length; i += 2) {
            m.put((String) nameSerial[i], ((Number) nameSerial[i + 1]).longValue());
        }
        return m;
    }

    @Test
    void floorIsS0WhenTheListingLagsBehindIt() {
        InitialSyncPlan plan = all.plan(100, listing("a", 40, "b", 90), 0, NOW);
        assertThat(plan.floor()).isEqualTo(100);
        assertThat(plan.cursor()).isEqualTo(100);
    }

    @Test
    void floorIsTheLargestListedSerialWhenTheListingIsNewerThanS0() {
        // The listing is taken after S0, so a project may already be listed above S0.
        InitialSyncPlan plan = all.plan(100, listing("a", 40, "b", 105), 0, NOW);
        assertThat(plan.floor()).isEqualTo(105);
        assertThat(plan.cursor()).isEqualTo(100);
    }

    @Test
    void eachProjectGetsOneInitialEntryAcceptingUpToS0() {
        InitialSyncPlan plan = all.plan(100, listing("Foo_Bar", 40, "b", 105), 0, NOW);
        assertThat(plan.entries()).containsExactly(
                new LedgerEntry(40, new ProjectName("foo-bar"), null, ActionKind.INITIAL_ACTION, NOW, 100),
                new LedgerEntry(105, new ProjectName("b"), null, ActionKind.INITIAL_ACTION, NOW, 105));
        assertThat(plan.entries()).allSatisfy(e -> assertThat(ActionKind.of(e.action())).isEqualTo(ActionKind.INITIAL));
    }

    @Test
    void startOffsetMovesOnlyTheCursorNeverBelowZero() {
        assertThat(all.plan(100, listing("a", 40), 30, NOW).cursor()).isEqualTo(70);
        assertThat(all.plan(100, listing("a", 40), 30, NOW).floor()).isEqualTo(100);
        assertThat(all.plan(10, listing("a", 4), 30, NOW).cursor()).isZero();
    }

    @Test
    void filteredProjectsNeitherEnterTheLedgerNorRaiseTheFloor() {
        InitialSyncPlanner planner = new InitialSyncPlanner(new ProjectFilter(List.of("keep-*"), List.of()));
        InitialSyncPlan plan = planner.plan(100, listing("keep-me", 50, "drop-me", 200), 0, NOW);
        assertThat(plan.entries()).extracting(e -> e.project().value()).containsExactly("keep-me");
        assertThat(plan.filtered()).isEqualTo(1);
        assertThat(plan.floor()).isEqualTo(100);
    }

    @Test
    void invalidNamesAreRejectedAndTheRestRecorded() {
        InitialSyncPlan plan = all.plan(100, listing("../etc", 10, "ok", 20, "-bad-", 30), 0, NOW);
        assertThat(plan.entries()).extracting(e -> e.project().value()).containsExactly("ok");
        assertThat(plan.rejected()).extracting(RejectedRow::reason)
                .containsOnly(RejectedRow.Reason.INVALID_NAME).hasSize(2);
    }

    @Test
    void twoProjectsAtOneSerialKeepTheFirstAndRejectTheOther() {
        InitialSyncPlan plan = all.plan(100, listing("b", 20, "a", 20), 0, NOW);
        assertThat(plan.entries()).extracting(e -> e.project().value()).containsExactly("a");
        assertThat(plan.rejected()).extracting(RejectedRow::reason).containsExactly(RejectedRow.Reason.DUPLICATE_SERIAL);
    }

    @Test
    void emptyListingGivesFloorS0() {
        InitialSyncPlan plan = all.plan(7, Map.of(), 0, NOW);
        assertThat(plan.entries()).isEmpty();
        assertThat(plan.floor()).isEqualTo(7);
        assertThat(plan.cursor()).isEqualTo(7);
    }
}
