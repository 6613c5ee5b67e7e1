package dev.landfall.poller.demand;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.common.config.MirrorProperties.Mode;
import dev.landfall.common.demand.DemandReads.UpstreamProject;
import dev.landfall.common.project.ProjectFilter;
import dev.landfall.common.project.ProjectName;
import dev.landfall.poller.demand.AdmissionDecision.Outcome;
import dev.landfall.poller.demand.AdmissionDecision.Reason;
import dev.landfall.poller.filter.MirrorScope;
import dev.landfall.poller.ledger.LedgerEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdmissionDecisionTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final ProjectName FOO = new ProjectName("foo");
    private final MirrorScope onDemand = new MirrorScope(Mode.ON_DEMAND, new ProjectFilter(List.of("keep-*"), List.of("secret*")), Set.of());

    private static Optional<UpstreamProject> upstream(long serial, boolean present) {
        return Optional.of(new UpstreamProject("foo", serial, present));
    }

    @Test
    void aKnownProjectIsAdmittedAtItsLastUpstreamSerialAcceptingStampsUpToTheCursor() {
        // docs/decisions/001: like an initial-sync entry, a page stamped in [L, cursor] is the project at every W there.
        Outcome o = AdmissionDecision.decide(FOO, upstream(42, true), onDemand, 100, NOW);
        assertThat(o).isEqualTo(new Outcome.Admit(LedgerEntry.admission(FOO, 42, 100, NOW)));
        LedgerEntry e = ((Outcome.Admit) o).entry();
        assertThat(e.serial()).isEqualTo(42);
        assertThat(e.acceptUpto()).isEqualTo(100);
        assertThat(e.action()).isEqualTo(LedgerEntry.ADMISSION_ACTION);
    }

    @Test
    void aProjectWhoseLastRowIsTheCursorIsAdmittedExactly() {
        LedgerEntry e = ((Outcome.Admit) AdmissionDecision.decide(FOO, upstream(100, true), onDemand, 100, NOW)).entry();
        assertThat(e.acceptUpto()).isEqualTo(e.serial());
    }

    @Test
    void aBlockedProjectIsNeverAdmitted() {
        assertThat(AdmissionDecision.decide(new ProjectName("secret-sauce"), upstream(42, true), onDemand, 100, NOW))
                .isEqualTo(new Outcome.Skip(Reason.BLOCKED));
    }

    @Test
    void anAllowlistedProjectIsMirroredAlready() {
        assertThat(AdmissionDecision.decide(new ProjectName("keep-me"), upstream(42, true), onDemand, 100, NOW))
                .isEqualTo(new Outcome.Skip(Reason.ALREADY_MIRRORED));
    }

    @Test
    void anAdmittedProjectIsNotAdmittedTwice() {
        assertThat(AdmissionDecision.decide(FOO, upstream(42, true), onDemand.withAdmitted(Set.of("foo")), 100, NOW))
                .isEqualTo(new Outcome.Skip(Reason.ALREADY_MIRRORED));
    }

    @Test
    void aProjectUnknownUpstreamIsNotAdmitted() {
        assertThat(AdmissionDecision.decide(FOO, Optional.empty(), onDemand, 100, NOW)).isEqualTo(new Outcome.Skip(Reason.UNKNOWN_UPSTREAM));
    }

    @Test
    void aProjectRemovedUpstreamIsNotAdmitted() {
        assertThat(AdmissionDecision.decide(FOO, upstream(42, false), onDemand, 100, NOW)).isEqualTo(new Outcome.Skip(Reason.GONE_UPSTREAM));
    }

    @Test
    void aSerialAboveTheCursorIsNotAdmitted() {
        assertThat(AdmissionDecision.decide(FOO, upstream(101, true), onDemand, 100, NOW)).isEqualTo(new Outcome.Skip(Reason.AHEAD_OF_CURSOR));
    }

    @Test
    void theModesDefineTheMirroredSet() {
        ProjectFilter filter = new ProjectFilter(List.of("keep-*"), List.of("secret*"));
        ProjectName other = new ProjectName("other");
        ProjectName keep = new ProjectName("keep-this");
        ProjectName secret = new ProjectName("secret");
        MirrorScope all = new MirrorScope(Mode.ALL, filter, Set.of());
        MirrorScope allowlist = new MirrorScope(Mode.ALLOWLIST, filter, Set.of());
        MirrorScope demanded = new MirrorScope(Mode.ON_DEMAND, filter, Set.of("other", "secret"));
        assertThat(List.of(all.accepts(other), all.accepts(keep), all.accepts(secret))).containsExactly(true, true, false);
        assertThat(List.of(allowlist.accepts(other), allowlist.accepts(keep), allowlist.accepts(secret))).containsExactly(false, true, false);
        assertThat(List.of(demanded.accepts(other), demanded.accepts(keep), demanded.accepts(secret))).containsExactly(true, true, false);
        assertThat(onDemand.accepts(other)).as("on-demand without the demand").isFalse();
        MirrorScope emptyAllowlist = new MirrorScope(Mode.ON_DEMAND, new ProjectFilter(List.of(), List.of()), Set.of());
        assertThat(emptyAllowlist.accepts(other)).as("an empty allowlist is not 'everything' on demand").isFalse();
    }
}
