package dev.landfall.index.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.index.snapshot.CachedBody;
import dev.landfall.index.snapshot.SnapshotView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Run stickiness (README: "a landfall-snapshot cookie pins one pip run to the snapshot it started on"):
 * a run stays on the snapshot its cookie names while this replica can serve it, and only then.
 */
class SnapshotDecisionTest {

    /** What a replica knows: a current snapshot, the retained ones, and newer ones already in storage. */
    private static final class Replica implements SnapshotDecision.Snapshots {
        @Nullable Long current;
        final Set<Long> retained = new HashSet<>();
        final Set<Long> newerInStorage = new HashSet<>();
        final List<String> lookups = new ArrayList<>();

        Replica current(long serial) {
            current = serial;
            retained.add(serial);
            return this;
        }

        Replica retained(long... serials) {
            for (long s : serials) {
                retained.add(s);
            }
            return this;
        }

        Replica newerInStorage(long serial) {
            newerInStorage.add(serial);
            return this;
        }

        @Override
        public Optional<SnapshotView> current() {
            return current == null ? Optional.empty() : Optional.of(view(current));
        }

        @Override
        public Optional<SnapshotView> retainedView(long serial) {
            lookups.add("retained " + serial);
            return retained.contains(serial) ? Optional.of(view(serial)) : Optional.empty();
        }

        @Override
        public Optional<SnapshotView> newerThanCurrent(long serial) {
            lookups.add("newer " + serial);
            return current != null && serial > current && newerInStorage.contains(serial) ? Optional.of(view(serial)) : Optional.empty();
        }
    }

    static SnapshotView view(long serial) {
        CachedBody root = CachedBody.of(("root " + serial).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new SnapshotView(serial, Map.of(), root, root);
    }

    private static long servedSerial(SnapshotChoice choice) {
        if (choice instanceof SnapshotChoice.Stay s) {
            return s.view().serial();
        }
        if (choice instanceof SnapshotChoice.Pin p) {
            return p.view().serial();
        }
        if (choice instanceof SnapshotChoice.Pinned p) {
            return p.view().serial();
        }
        throw new AssertionError("serves nothing: " + choice);
    }

    // --- /simple/…: the run cookie

    // --- /simple/… without a cookie: the cookie-less run (dev.landfall.index.run.RunTable)

    @Test
    void aCookielessRequestReadsItsRunsSnapshotAndGetsItsCookie() throws Exception {
        SnapshotChoice choice = SnapshotDecision.forRun(null, 7L, new Replica().current(20).retained(7));

        // Pin, not Stay: the answer carries the cookie, so a client that keeps cookies stays on 7 by it.
        assertThat(choice).isInstanceOf(SnapshotChoice.Pin.class);
        assertThat(servedSerial(choice)).isEqualTo(7);
    }

    @Test
    void theCookieWinsOverTheCookielessRun() throws Exception {
        SnapshotChoice choice = SnapshotDecision.forRun(12L, 7L, new Replica().current(20).retained(7, 12));

        assertThat(choice).isInstanceOf(SnapshotChoice.Stay.class);
        assertThat(servedSerial(choice)).isEqualTo(12);
    }

    @Test
    void aCookielessRunWhoseSnapshotAgedOutMovesForwardToTheCurrentOne() throws Exception {
        SnapshotChoice choice = SnapshotDecision.forRun(null, 7L, new Replica().current(20).retained(12));

        assertThat(servedSerial(choice)).isEqualTo(20);
    }

    @Test
    void aNewRunIsPinnedToTheCurrentSnapshot() throws Exception {
        SnapshotChoice choice = SnapshotDecision.forRun(null, new Replica().current(20).retained(7));

        assertThat(choice).isInstanceOf(SnapshotChoice.Pin.class);
        assertThat(servedSerial(choice)).isEqualTo(20);
    }

    @Test
    void aRunOnTheCurrentSnapshotStaysWithoutANewCookie() throws Exception {
        SnapshotChoice choice = SnapshotDecision.forRun(20L, new Replica().current(20));

        assertThat(choice).isInstanceOf(SnapshotChoice.Stay.class);
        assertThat(servedSerial(choice)).isEqualTo(20);
    }

    @Test
    void aRunOnAnOlderRetainedSnapshotStaysOnIt() throws Exception {
        SnapshotChoice choice = SnapshotDecision.forRun(7L, new Replica().current(20).retained(7));

        assertThat(choice).isInstanceOf(SnapshotChoice.Stay.class);
        assertThat(servedSerial(choice)).isEqualTo(7);
    }

    @Test
    void aRunOnAnOlderSnapshotNoLongerRetainedIsRepinnedToTheCurrentOne() throws Exception {
        SnapshotChoice choice = SnapshotDecision.forRun(7L, new Replica().current(20).retained(12));

        assertThat(choice).isInstanceOf(SnapshotChoice.Pin.class);
        assertThat(servedSerial(choice)).isEqualTo(20);
    }

    @Test
    void aRunOnANewerSnapshotAnotherReplicaPublishedStaysOnItRatherThanGoingBack() throws Exception {
        SnapshotChoice choice = SnapshotDecision.forRun(25L, new Replica().current(20).newerInStorage(25));

        assertThat(choice).isInstanceOf(SnapshotChoice.Stay.class);
        assertThat(servedSerial(choice)).isEqualTo(25);
    }

    @Test
    void aCookieNamingAnUnknownNewerSnapshotIsRepinnedToTheCurrentOne() throws Exception {
        Replica replica = new Replica().current(20);

        SnapshotChoice choice = SnapshotDecision.forRun(1020L, replica);

        assertThat(choice).isInstanceOf(SnapshotChoice.Pin.class);
        assertThat(servedSerial(choice)).isEqualTo(20);
        // Retained first, storage second: a retained snapshot never costs a storage lookup.
        assertThat(replica.lookups).containsExactly("retained 1020", "newer 1020");
    }

    @Test
    void aRetainedSnapshotIsFoundWithoutAskingStorage() throws Exception {
        Replica replica = new Replica().current(20).retained(7);

        SnapshotDecision.forRun(7L, replica);

        assertThat(replica.lookups).containsExactly("retained 7");
    }

    @Test
    void aGarbageCookieIsANewRun() throws Exception {
        Replica replica = new Replica().current(20);

        SnapshotChoice choice = SnapshotDecision.forRun(SnapshotDecision.cookieSerial("20abc"), replica);

        assertThat(choice).isInstanceOf(SnapshotChoice.Pin.class);
        assertThat(servedSerial(choice)).isEqualTo(20);
        assertThat(replica.lookups).isEmpty();
    }

    @Test
    void beforeTheFirstSnapshotThereIsNothingToServeWithOrWithoutACookie() throws Exception {
        assertThat(SnapshotDecision.forRun(null, new Replica())).isInstanceOf(SnapshotChoice.NoSnapshotYet.class);
        assertThat(SnapshotDecision.forRun(7L, new Replica())).isInstanceOf(SnapshotChoice.NoSnapshotYet.class);
    }

    // --- /snapshots/<W>/simple/…

    @Test
    void aPinnedPathForARetainedSnapshotIsServedFromIt() throws Exception {
        SnapshotChoice choice = SnapshotDecision.forPinned(7, new Replica().current(20).retained(7));

        assertThat(choice).isInstanceOf(SnapshotChoice.Pinned.class);
        assertThat(servedSerial(choice)).isEqualTo(7);
    }

    @Test
    void aPinnedPathForTheCurrentSnapshotIsServedFromIt() throws Exception {
        assertThat(servedSerial(SnapshotDecision.forPinned(20, new Replica().current(20)))).isEqualTo(20);
    }

    @Test
    void aPinnedPathForASnapshotNotRetainedIsNotFoundNeverTheCurrentOne() throws Exception {
        assertThat(SnapshotDecision.forPinned(7, new Replica().current(20).retained(12)))
                .isEqualTo(new SnapshotChoice.NotRetained(7));
    }

    @Test
    void aPinnedPathNeverReachesForANewerSnapshotInStorage() throws Exception {
        Replica replica = new Replica().current(20).newerInStorage(25);

        assertThat(SnapshotDecision.forPinned(25, replica)).isEqualTo(new SnapshotChoice.NotRetained(25));
        assertThat(replica.lookups).containsExactly("retained 25");
    }

    // --- the cookie's value

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "20abc", "-5", "+5", " 5", "5 ", "1.5", "0x10", "1000000000000000000", "99999999999999999999999"})
    void aCookieValueThatIsNotOneTo18DigitsIsGarbage(String value) {
        assertThat(SnapshotDecision.cookieSerial(value)).isNull();
    }

    @Test
    void aCookieValueOfDigitsIsASerial() {
        assertThat(SnapshotDecision.cookieSerial("0")).isZero();
        assertThat(SnapshotDecision.cookieSerial("42")).isEqualTo(42L);
        assertThat(SnapshotDecision.cookieSerial("999999999999999999")).isEqualTo(999_999_999_999_999_999L);
        assertThat(SnapshotDecision.cookieSerial(null)).isNull();
    }

    // --- against the definition

    /**
     * For any replica state and cookie: the run stays (no new cookie) on the cookie's snapshot iff the
     * replica can serve it (retained, or newer than current and in storage); otherwise it gets the current
     * snapshot with a new cookie, or nothing before the first snapshot.
     */
    @Property(tries = 500)
    void theRunStaysOnItsSnapshotExactlyWhenItCanBeServed(@ForAll @IntRange(min = 0, max = 30) int current,
                                                         @ForAll boolean published,
                                                         @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 30) Integer> retained,
                                                         @ForAll @Size(max = 3) List<@IntRange(min = 0, max = 40) Integer> inStorage,
                                                         @ForAll @IntRange(min = -1, max = 40) int cookie) throws Exception {
        Replica replica = new Replica();
        retained.forEach(r -> replica.retained(r));
        inStorage.forEach(s -> replica.newerInStorage(s));
        if (published) {
            replica.current(current);
        }
        Long cookieSerial = cookie < 0 ? null : (long) cookie;

        assertThat(agreesWithDefinition(SnapshotDecision.forRun(cookieSerial, replica), cookieSerial, replica)).isTrue();
    }

    @Test
    void negativeControlADecisionIgnoringTheCookieDisagreesWithTheDefinition() throws Exception {
        Replica replica = new Replica().current(20).retained(7);

        assertThat(agreesWithDefinition(SnapshotDecision.forRun(7L, replica), 7L, replica)).isTrue();
        assertThat(agreesWithDefinition(SnapshotDecision.forRun(null, replica), 7L, replica)).isFalse();
    }

    private static boolean agreesWithDefinition(SnapshotChoice choice, @Nullable Long cookieSerial, Replica replica) {
        boolean servable = cookieSerial != null && (replica.retained.contains(cookieSerial)
                || (replica.current != null && cookieSerial > replica.current && replica.newerInStorage.contains(cookieSerial)));
        if (servable) {
            return choice instanceof SnapshotChoice.Stay && servedSerial(choice) == cookieSerial;
        }
        if (replica.current != null) {
            return choice instanceof SnapshotChoice.Pin && servedSerial(choice) == replica.current;
        }
        return choice instanceof SnapshotChoice.NoSnapshotYet;
    }
}
