package dev.landfall.fetcher.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.common.project.ProjectName;
import org.junit.jupiter.api.Test;

/** docs/architecture.md#fetch-protocol step 3: a 404 is a deletion only when the ledger says the project was removed. */
class TombstoneDecisionTest {

    private static final ProjectName FOO = new ProjectName("foo");
    private static final ProjectName BAR = new ProjectName("bar");

    @Test
    void removalEntryAtTheEventSerialIsATombstone() {
        assertThat(TombstoneDecision.decide(FOO, 42, new LedgerEntry(42, FOO, "remove project"), null))
                .isEqualTo(new TombstoneDecision.Tombstone(42));
    }

    @Test
    void anyOtherEntryAtTheEventSerialIsTransient() {
        assertThat(TombstoneDecision.decide(FOO, 42, new LedgerEntry(42, FOO, "new release"), null))
                .isInstanceOf(TombstoneDecision.Transient.class);
        assertThat(TombstoneDecision.decide(FOO, 42, new LedgerEntry(42, FOO, "remove release"), null))
                .isInstanceOf(TombstoneDecision.Transient.class);
    }

    @Test
    void noLedgerEntryIsTransient() {
        assertThat(TombstoneDecision.decide(FOO, 42, null, null)).isInstanceOf(TombstoneDecision.Transient.class);
    }

    @Test
    void aRemovalOfAnotherProjectAtThatSerialIsNoTombstone() {
        assertThat(TombstoneDecision.decide(FOO, 42, new LedgerEntry(42, BAR, "remove project"), null))
                .isInstanceOf(TombstoneDecision.Transient.class);
    }

    @Test
    void aLaterRemovalSupersedesTheEvent() {
        assertThat(TombstoneDecision.decide(FOO, 42, new LedgerEntry(42, FOO, "new release"), 50L))
                .isEqualTo(new TombstoneDecision.Superseded(50));
    }

    @Test
    void anEarlierRemovalDoesNotSupersede() {
        assertThat(TombstoneDecision.decide(FOO, 42, new LedgerEntry(42, FOO, "new release"), 41L))
                .isInstanceOf(TombstoneDecision.Transient.class);
    }
}
