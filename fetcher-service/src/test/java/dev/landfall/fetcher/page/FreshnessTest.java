package dev.landfall.fetcher.page;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** docs/architecture.md#fetch-protocol step 2: a page stamped below the event's serial is stale and never recorded. */
class FreshnessTest {

    @Test
    void stampEqualToTheEventSerialIsFresh() {
        assertThat(Freshness.decide("100", null, 100)).isEqualTo(new Freshness.Fresh(100));
    }

    @Test
    void stampOneBelowTheEventSerialIsStale() {
        assertThat(Freshness.decide("99", null, 100)).isEqualTo(new Freshness.Stale(99));
    }

    @Test
    void stampAboveTheEventSerialIsFreshAtItsOwnStamp() {
        assertThat(Freshness.decide("101", 101L, 100)).isEqualTo(new Freshness.Fresh(101));
    }

    @Test
    void missingHeaderCountsAsStale() {
        assertThat(Freshness.decide(null, 100L, 100)).isInstanceOf(Freshness.Missing.class);
    }

    @Test
    void nonIntegerHeaderCountsAsStale() {
        assertThat(Freshness.decide("10x", null, 5)).isInstanceOf(Freshness.Missing.class);
        assertThat(Freshness.decide("", null, 5)).isInstanceOf(Freshness.Missing.class);
        assertThat(Freshness.decide("-3", null, 0)).isInstanceOf(Freshness.Missing.class);
        assertThat(Freshness.decide("99999999999999999999999", null, 5)).isInstanceOf(Freshness.Missing.class);
    }

    @Test
    void headerAndBodySerialThatDisagreeCountAsStale() {
        assertThat(Freshness.decide("100", 99L, 100)).isInstanceOf(Freshness.Missing.class);
        assertThat(Freshness.decide("100", 100L, 100)).isEqualTo(new Freshness.Fresh(100));
    }

    @Test
    void surroundingWhitespaceInTheHeaderIsTolerated() {
        assertThat(Freshness.decide(" 100 ", null, 100)).isEqualTo(new Freshness.Fresh(100));
    }
}
