package dev.landfall.index.servability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.index.servability.ServabilityResult.NothingNew;
import dev.landfall.index.servability.ServabilityResult.Servable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/architecture.md#ledger-and-servability: the newest W covered by no blocking interval. */
class ServabilityDecisionTest {

    private static BlockingInterval blocks(long start, long end) {
        return new BlockingInterval(start, end);
    }

    private static BlockingInterval blocksOpen(long start) {
        return new BlockingInterval(start, BlockingInterval.OPEN);
    }

    @Test
    void withNoBacklogTheLedgerMaxIsServable() {
        assertThat(ServabilityDecision.newestServable(10, 20, 0, List.of())).isEqualTo(new Servable(20));
    }

    @Test
    void anOpenUnsatisfiedEntryCapsWJustBelowIt() {
        assertThat(ServabilityDecision.newestServable(10, 20, 0, List.of(blocksOpen(15)))).isEqualTo(new Servable(14));
    }

    @Test
    void aClosedIntervalEndingAtMaxLeavesMaxServable() {
        // Entry 15 of p unsatisfied, p's next entry at 20 satisfied: W=20 shows p at 20.
        assertThat(ServabilityDecision.newestServable(10, 20, 0, List.of(blocks(15, 20)))).isEqualTo(new Servable(20));
    }

    @Test
    void aClosedIntervalEndingJustAboveMaxBlocksMax() {
        assertThat(ServabilityDecision.newestServable(10, 20, 0, List.of(blocks(15, 21)))).isEqualTo(new Servable(14));
    }

    @Test
    void designExampleChainOfOverlappingIntervalsIsWalkedDown() {
        // A@n unsatisfied until A's next entry n+3; B@n+2 unsatisfied (open): W must stop below n.
        long n = 100;
        var result = ServabilityDecision.newestServable(90, n + 5, 0, List.of(blocks(n, n + 3), blocksOpen(n + 2)));
        assertThat(result).isEqualTo(new Servable(n - 1));
    }

    @Test
    void gapBetweenIntervalsIsServable() {
        var result = ServabilityDecision.newestServable(0, 50, 0, List.of(blocks(10, 20), blocksOpen(30)));
        assertThat(result).isEqualTo(new Servable(29));
    }

    @Test
    void blockedRightAboveTheLastSnapshotIsNothingNew() {
        assertThat(ServabilityDecision.newestServable(10, 20, 0, List.of(blocksOpen(11)))).isInstanceOf(NothingNew.class);
    }

    @Test
    void freeRightAboveTheLastSnapshotPublishesIt() {
        assertThat(ServabilityDecision.newestServable(10, 20, 0, List.of(blocksOpen(12)))).isEqualTo(new Servable(11));
    }

    @Test
    void nothingBelowTheFloorIsPublished() {
        assertThat(ServabilityDecision.newestServable(-1, 20, 18, List.of(blocksOpen(18)))).isInstanceOf(NothingNew.class);
    }

    @Test
    void theFloorItselfIsPublishable() {
        assertThat(ServabilityDecision.newestServable(-1, 20, 18, List.of(blocksOpen(19)))).isEqualTo(new Servable(18));
    }

    @Test
    void ledgerMaxBelowTheFloorIsNothingNew() {
        assertThat(ServabilityDecision.newestServable(-1, 17, 18, List.of())).isInstanceOf(NothingNew.class);
    }

    @Test
    void ledgerMaxAtTheLastSnapshotIsNothingNew() {
        assertThat(ServabilityDecision.newestServable(20, 20, 0, List.of())).isInstanceOf(NothingNew.class);
    }

    @Test
    void intervalsEntirelyAtOrBelowTheLastSnapshotAreIgnored() {
        assertThat(ServabilityDecision.newestServable(10, 20, 0, List.of(blocks(3, 11)))).isEqualTo(new Servable(20));
    }

    @Test
    void unsortedInputIsHandled() {
        var result = ServabilityDecision.newestServable(0, 100, 0, List.of(blocksOpen(90), blocks(40, 95), blocks(10, 12)));
        assertThat(result).isEqualTo(new Servable(39));
    }
}
