package dev.landfall.index.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.common.view.ViewPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class PolicyDecisionTest {

    private static final Instant W_TIME = Instant.parse("2025-03-10T12:00:00Z");
    private static final Duration SEVEN_DAYS = Duration.ofDays(7);

    private static PolicyDecision policy(List<String> allow, List<String> block, boolean pre, List<String> platforms, Duration cooldown) {
        return new PolicyDecision(new ViewPolicy(allow, block, pre, platforms, cooldown));
    }

    private static PolicyDecision cooldown(Duration d) {
        return policy(List.of(), List.of(), false, List.of(), d);
    }

    private static PolicyDecision.FileFacts wheel(String version, Instant uploaded) {
        return new PolicyDecision.FileFacts("demo-" + version + "-py3-none-any.whl", uploaded);
    }

    // ---------------------------------------------------------------- cooldown boundary pair

    @Test
    void aFileUploadedExactlyTheCooldownBeforeWsTimeIsShown() {
        PolicyDecision d = cooldown(SEVEN_DAYS);
        assertThat(d.file(wheel("1.0", W_TIME.minus(SEVEN_DAYS)), d.cutoff(W_TIME))).isInstanceOf(FileVerdict.Shown.class);
    }

    @Test
    void aFileUploadedOneMicrosecondLaterIsHiddenByTheCooldown() {
        PolicyDecision d = cooldown(SEVEN_DAYS);
        assertThat(d.file(wheel("1.0", W_TIME.minus(SEVEN_DAYS).plusNanos(1000)), d.cutoff(W_TIME)))
                .isEqualTo(new FileVerdict.Hidden(FileVerdict.Reason.COOLDOWN));
    }

    @Test
    void withoutACooldownEvenAFileUploadedAfterWsTimeIsShown() {
        PolicyDecision d = cooldown(Duration.ZERO);
        assertThat(d.file(wheel("1.0", W_TIME.plusSeconds(1)), d.cutoff(W_TIME))).isInstanceOf(FileVerdict.Shown.class);
    }

    @Test
    void withACooldownAFileWithoutUploadTimeIsHiddenFailClosed() {
        PolicyDecision d = cooldown(SEVEN_DAYS);
        assertThat(d.file(new PolicyDecision.FileFacts("demo-1.0.tar.gz", null), d.cutoff(W_TIME)))
                .isEqualTo(new FileVerdict.Hidden(FileVerdict.Reason.COOLDOWN));
        assertThat(cooldown(Duration.ZERO).file(new PolicyDecision.FileFacts("demo-1.0.tar.gz", null), W_TIME))
                .as("control: without a cooldown it is shown").isInstanceOf(FileVerdict.Shown.class);
    }

    // ---------------------------------------------------------------- names

    @Test
    void aBlockedNameIsOmittedWhileAnUnblockedNeighbourIsListed() {
        PolicyDecision d = policy(List.of(), List.of("evil-*"), false, List.of(), Duration.ZERO);
        assertThat(d.project("evil-pkg", List.of(), W_TIME)).isEqualTo(new ProjectVerdict.Omitted(ProjectVerdict.Reason.NAME));
        assertThat(d.project("evi-pkg", List.of(), W_TIME)).isInstanceOf(ProjectVerdict.Listed.class);
    }

    @Test
    void blockWinsOverAllowAndPatternsAreNormalized() {
        PolicyDecision d = policy(List.of("Django_*"), List.of("django-evil"), false, List.of(), Duration.ZERO);
        assertThat(d.admitsName("django-rest")).isTrue();
        assertThat(d.admitsName("django-evil")).isFalse();
        assertThat(d.admitsName("flask")).as("not allowed").isFalse();
    }

    @Test
    void anEmptyAllowListAdmitsEveryName() {
        assertThat(cooldown(Duration.ZERO).admitsName("anything")).isTrue();
    }

    // ---------------------------------------------------------------- pre-releases and platforms

    @Test
    void aPrereleaseIsHiddenWhileItsFinalIsShown() {
        PolicyDecision d = policy(List.of(), List.of(), true, List.of(), Duration.ZERO);
        assertThat(d.fileIgnoringTime("demo-2.0rc1-py3-none-any.whl")).isEqualTo(new FileVerdict.Hidden(FileVerdict.Reason.PRERELEASE));
        assertThat(d.fileIgnoringTime("demo-2.0-py3-none-any.whl")).isInstanceOf(FileVerdict.Shown.class);
        assertThat(d.fileIgnoringTime("demo-2.0.dev3.tar.gz")).isEqualTo(new FileVerdict.Hidden(FileVerdict.Reason.PRERELEASE));
    }

    @Test
    void anExcludedPlatformsWheelIsHiddenWhileThePureWheelIsShown() {
        PolicyDecision d = policy(List.of(), List.of(), false, List.of("WIN"), Duration.ZERO);
        assertThat(d.fileIgnoringTime("demo-1.0-cp39-cp39-win_amd64.whl")).isEqualTo(new FileVerdict.Hidden(FileVerdict.Reason.PLATFORM));
        assertThat(d.fileIgnoringTime("demo-1.0-py3-none-any.whl")).isInstanceOf(FileVerdict.Shown.class);
        assertThat(d.fileIgnoringTime("demo-1.0.tar.gz")).as("an sdist has no platform").isInstanceOf(FileVerdict.Shown.class);
    }

    // ---------------------------------------------------------------- whole projects

    @Test
    void aProjectWhoseEveryFileIsInTheCooldownIsOmitted() {
        PolicyDecision d = cooldown(SEVEN_DAYS);
        assertThat(d.project("demo", List.of(wheel("1.0", W_TIME.minusSeconds(60))), d.cutoff(W_TIME)))
                .isEqualTo(new ProjectVerdict.Omitted(ProjectVerdict.Reason.ALL_FILES_HIDDEN));
    }

    @Test
    void aProjectWithOneOldEnoughFileIsListedWithOnlyThatFile() {
        PolicyDecision d = cooldown(SEVEN_DAYS);
        List<PolicyDecision.FileFacts> files = List.of(wheel("1.0", W_TIME.minus(Duration.ofDays(30))), wheel("1.1", W_TIME.minusSeconds(60)));
        assertThat(d.project("demo", files, d.cutoff(W_TIME))).isEqualTo(new ProjectVerdict.Listed(List.of(0)));
    }

    @Test
    void aProjectWithoutAnyFileStaysListedAsInTheBase() {
        assertThat(cooldown(SEVEN_DAYS).project("empty", List.of(), W_TIME)).isEqualTo(new ProjectVerdict.Listed(List.of()));
    }

    // ---------------------------------------------------------------- properties

    /**
     * The root uses {@link Eligibility} (computed once per page version) and the page uses the full verdict: they
     * must agree at every cutoff, or a root would list a project whose page 404s (or hide one that serves).
     */
    @Property(tries = 500)
    void eligibilityAgreesWithTheProjectVerdictAtEveryCutoff(@ForAll("pages") List<PolicyDecision.FileFacts> files,
                                                             @ForAll boolean pre, @ForAll boolean win,
                                                             @ForAll("cooldowns") Duration cooldown, @ForAll("offsets") long wOffset) {
        PolicyDecision d = policy(List.of(), List.of(), pre, win ? List.of("win") : List.of(), cooldown);
        Instant cutoff = d.cutoff(W_TIME.plusSeconds(wOffset));
        boolean listed = d.project("demo", files, cutoff) instanceof ProjectVerdict.Listed;
        assertThat(d.eligibility(files).listedAt(cutoff)).isEqualTo(listed);
    }

    /** Brute-force definition of the cooldown: shown iff uploaded at or before W's time minus the cooldown. */
    @Property(tries = 500)
    void theCooldownShowsExactlyTheFilesUploadedAtLeastItsLengthBeforeWsTime(@ForAll("pages") List<PolicyDecision.FileFacts> files,
                                                                             @ForAll("cooldowns") Duration cooldown) {
        PolicyDecision d = cooldown(cooldown);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Instant t = files.get(i).uploadTime();
            boolean shown = cooldown.isZero() || (t != null && Duration.between(t, W_TIME).compareTo(cooldown) >= 0);
            if (shown) {
                expected.add(i);
            }
        }
        ProjectVerdict v = d.project("demo", files, d.cutoff(W_TIME));
        if (!files.isEmpty() && expected.isEmpty()) {
            assertThat(v).isEqualTo(new ProjectVerdict.Omitted(ProjectVerdict.Reason.ALL_FILES_HIDDEN));
        } else {
            assertThat(v).isEqualTo(new ProjectVerdict.Listed(expected));
        }
    }

    /**
     * Derived pages are cached per cutoff interval between kept upload times ({@code TeamViews.MemoizedEligibility#bucket}),
     * so two cutoffs in one interval must show the same files.
     */
    @Property(tries = 500)
    void cutoffsInTheSameIntervalOfKeptUploadTimesShowTheSameFiles(@ForAll("pages") List<PolicyDecision.FileFacts> files,
                                                                    @ForAll boolean pre, @ForAll("offsets") long a, @ForAll("offsets") long b) {
        PolicyDecision d = policy(List.of(), List.of(), pre, List.of(), SEVEN_DAYS);
        TeamViews.MemoizedEligibility memo = new TeamViews.MemoizedEligibility(1, d.eligibility(files), d.keptUploadTimes(files));
        Instant ca = d.cutoff(W_TIME.plusSeconds(a));
        Instant cb = d.cutoff(W_TIME.plusSeconds(b));
        if (memo.bucket(ca, true).equals(memo.bucket(cb, true))) {
            assertThat(d.project("demo", files, ca)).isEqualTo(d.project("demo", files, cb));
        }
    }

    @Test
    void negativeControlCutoffsInDifferentIntervalsCanShowDifferentFiles() {
        PolicyDecision d = cooldown(SEVEN_DAYS);
        List<PolicyDecision.FileFacts> files = List.of(wheel("1.0", W_TIME.minus(Duration.ofDays(30))), wheel("1.1", W_TIME.minus(Duration.ofDays(8))));
        TeamViews.MemoizedEligibility memo = new TeamViews.MemoizedEligibility(1, d.eligibility(files), d.keptUploadTimes(files));
        Instant before = d.cutoff(W_TIME.minus(Duration.ofDays(2)));
        Instant after = d.cutoff(W_TIME);
        assertThat(memo.bucket(before, true)).isNotEqualTo(memo.bucket(after, true));
        assertThat(d.project("demo", files, before)).isNotEqualTo(d.project("demo", files, after));
    }

    @Provide
    Arbitrary<List<PolicyDecision.FileFacts>> pages() {
        Arbitrary<String> names = Arbitraries.of("demo-1.0-py3-none-any.whl", "demo-1.1rc1-py3-none-any.whl", "demo-1.0.tar.gz",
                "demo-2.0-cp39-cp39-win_amd64.whl", "demo-2.0.dev1.tar.gz", "demo-3.0-cp311-cp311-manylinux_2_17_x86_64.whl");
        Arbitrary<Instant> times = Arbitraries.longs().between(-20 * 86_400L, 2 * 86_400L).map(W_TIME::plusSeconds).injectNull(0.1);
        return Combinators.combine(names, times).as(PolicyDecision.FileFacts::new).list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<Duration> cooldowns() {
        return Arbitraries.of(Duration.ZERO, Duration.ofSeconds(1), Duration.ofHours(36), SEVEN_DAYS, Duration.ofDays(14));
    }

    @Provide
    Arbitrary<Long> offsets() {
        return Arbitraries.longs().between(-10 * 86_400L, 10 * 86_400L);
    }
}
