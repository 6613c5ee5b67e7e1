package dev.landfall.fetcher.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** docs/architecture.md#fetch-protocol step 3: a 404 is a deletion only when the ledger says the project was removed. */
class TombstoneDecisionTest {

    @Test
    void removalEntryAtTheEventSerialIsATombstone() {
        assertThat(TombstoneDecision.decide("foo", 42, new LedgerEntry(42, "foo", "remove project"), null))
                .isEqualTo(new TombstoneDecision.Tombstone(42));
    }

    @Test
    void anyOtherEntryAtTheEventSerialIsTransient() {
        assertThat(TombstoneDecision.decide("foo", 42, new LedgerEntry(42, "foo", "new release"), null))
                .isInstanceOf(TombstoneDecision.Transient.class);
        assertThat(TombstoneDecision.decide("foo", 42, new LedgerEntry(42, "foo", "remove release"), null))
                .isInstanceOf(TombstoneDecision.Transient.class);
    }

    @Test
    void noLedgerEntryIsTransient() {
        assertThat(TombstoneDecision.decide("foo", 42, null, null)).isInstanceOf(TombstoneDecision.Transient.class);
    }

    @Test
    void aRemovalOfAnotherProjectAtThatSerialIsNoTombstone() {
        assertThat(TombstoneDecision.decide("foo", 42, new LedgerEntry(42, "bar", "remove project"), null))
                .isInstanceOf(TombstoneDecision.Transient.class);
    }

    @Test
    void aLaterRemovalSupersedesTheEvent() {
        assertThat(TombstoneDecision.decide("foo", 42, new LedgerEntry(42, "foo", "new release"), 50L))
                .isEqualTo(new TombstoneDecision.Superseded(50));
    }

    @Test
    void anEarlierRemovalDoesNotSupersede() {
        assertThat(TombstoneDecision.decide("foo", 42, new LedgerEntry(42, "foo", "new release"), 41L))
                .isInstanceOf(TombstoneDecision.Transient.class);
    }
}
