package dev.landfall.index.demand;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.common.demand.DemandReads.UpstreamProject;
import dev.landfall.index.demand.DemandPolicy.Cap;
import dev.landfall.index.demand.DemandPolicy.Outcome;
import dev.landfall.index.demand.DemandPolicy.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemandPolicyTest {

    private final DemandPolicy policy = new DemandPolicy(3, 10);
    private static final Optional<UpstreamProject> KNOWN = Optional.of(new UpstreamProject("foo", 42, true));

    @Test
    void aBlockedNameIsRefusedBeforeAnyLookup() {
        assertThat(policy.beforeLookup(true, false)).contains(new Outcome.NotFound(Reason.BLOCKED, false));
    }

    @Test
    void aNegativelyCachedNameIsRefusedBeforeAnyLookup() {
        assertThat(policy.beforeLookup(false, true)).contains(new Outcome.NotFound(Reason.NEGATIVE_CACHE, false));
    }

    @Test
    void anyOtherNameNeedsTheLookup() {
        assertThat(policy.beforeLookup(false, false)).isEmpty();
    }

    @Test
    void aNameUnknownUpstreamIs404AndRemembered() {
        assertThat(policy.decide(false, Optional.empty(), false, 0, 0)).isEqualTo(new Outcome.NotFound(Reason.UNKNOWN_UPSTREAM, true));
    }

    @Test
    void aProjectRemovedUpstreamIs404AndRemembered() {
        assertThat(policy.decide(false, Optional.of(new UpstreamProject("foo", 42, false)), false, 0, 0))
                .isEqualTo(new Outcome.NotFound(Reason.GONE_UPSTREAM, true));
    }

    @Test
    void aProjectAnOperatorRemovedIs404WhateverUpstreamSays() {
        assertThat(policy.decide(true, KNOWN, true, 0, 0)).isEqualTo(new Outcome.NotFound(Reason.REMOVED, false));
    }

    @Test
    void aNewKnownProjectWithinTheCapsIsRecordedAndAwaited() {
        assertThat(policy.decide(false, KNOWN, false, 2, 9)).isEqualTo(new Outcome.Wait(true));
    }

    @Test
    void anAlreadyDemandedProjectIsAwaitedEvenWithTheCapsReached() {
        assertThat(policy.decide(false, KNOWN, true, 3, 10)).isEqualTo(new Outcome.Wait(false));
    }

    @Test
    void theHourlyCapRefusesTheNextNewProject() {
        assertThat(policy.decide(false, KNOWN, false, 3, 5)).isEqualTo(new Outcome.CapReached(Cap.PER_HOUR));
    }

    @Test
    void theTotalCapWinsOverTheHourlyOne() {
        assertThat(policy.decide(false, KNOWN, false, 3, 10)).isEqualTo(new Outcome.CapReached(Cap.TOTAL));
    }

    @Test
    void aNegativeCacheEntryExpiresAfterItsTtl() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Clock[] now = {Clock.fixed(t0, ZoneOffset.UTC)};
        NegativeCache cache = new NegativeCache(Duration.ofMinutes(10), 100, new Clock() {
            public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return now[0].instant(); }
        });
        cache.add("made-up");
        assertThat(cache.contains("made-up")).isTrue();
        now[0] = Clock.fixed(t0.plus(Duration.ofMinutes(11)), ZoneOffset.UTC);
        assertThat(cache.contains("made-up")).isFalse();
    }

    @Test
    void aFloodOfNamesKeepsTheNegativeCacheBounded() {
        NegativeCache cache = new NegativeCache(Duration.ofMinutes(10), 100, Clock.systemUTC());
        for (int i = 0; i < 10_000; i++) {
            cache.add("made-up-" + i);
        }
        assertThat(cache.size()).isLessThanOrEqualTo(100);
        assertThat(cache.contains("made-up-9999")).isTrue();
    }
}
