package dev.landfall.index.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Cookie-less run stickiness (README "Snapshot stickiness"): requests of one client less than the idle gap
 * apart read one snapshot; a new run starts on the current one; a run never goes back in serials.
 */
class RunTableTest {

    private static final long SECOND = 1_000_000_000L;
    private static final Duration GAP = Duration.ofSeconds(5);
    private static final Duration MAX_AGE = Duration.ofMinutes(10);
    private static final LongPredicate ALL_RETAINED = serial -> true;
    private static final RunKey UV = RunKey.of("192.0.2.7", "uv/0.13.9 {\"installer\":{\"name\":\"uv\"}}");
    private static final RunKey PIP = RunKey.of("192.0.2.7", "pip/26.3");

    private final RunTable table = new RunTable(GAP, MAX_AGE, 1000);

    @Test
    void theFirstRequestStartsARunOnTheCurrentSnapshot() {
        assertThat(table.serialFor(UV, 100, 0, ALL_RETAINED)).isEqualTo(100);
    }

    @Test
    void aRequestJustInsideTheIdleGapStaysOnTheRunsSnapshot() {
        table.serialFor(UV, 100, 0, ALL_RETAINED);
        assertThat(table.serialFor(UV, 105, GAP.toNanos() - 1, ALL_RETAINED)).isEqualTo(100);
    }

    @Test
    void aRequestExactlyOneIdleGapLaterStartsANewRunOnTheCurrentSnapshot() {
        table.serialFor(UV, 100, 0, ALL_RETAINED);
        assertThat(table.serialFor(UV, 105, GAP.toNanos(), ALL_RETAINED)).isEqualTo(105);
    }

    @Test
    void theIdleGapCountsFromTheLastRequestNotTheFirst() {
        table.serialFor(UV, 100, 0, ALL_RETAINED);
        table.serialFor(UV, 101, 4 * SECOND, ALL_RETAINED);
        assertThat(table.serialFor(UV, 102, 8 * SECOND, ALL_RETAINED)).isEqualTo(100);
    }

    @Test
    void requestsWithinAnEighthOfTheGapDoNotRewriteTheRunSoItMayEndThatMuchEarly() {
        table.serialFor(UV, 100, 0, ALL_RETAINED);
        table.serialFor(UV, 101, GAP.toNanos() / 16, ALL_RETAINED);   // read only: last seen stays 0
        assertThat(table.snapshotOfRuns().get(UV).lastSeenNanos()).isZero();
        assertThat(table.serialFor(UV, 102, GAP.toNanos() - 1, ALL_RETAINED)).isEqualTo(100);
        assertThat(table.serialFor(UV, 103, 2 * GAP.toNanos() - 2, ALL_RETAINED)).isEqualTo(100);   // written at gap-1
        assertThat(table.serialFor(UV, 104, 3 * GAP.toNanos() - 2, ALL_RETAINED)).isEqualTo(104);   // one gap after
    }

    @Test
    void aRunThatNeverPausesEndsAtTheMaximumAge() {
        long t = 0;
        table.serialFor(UV, 100, t, ALL_RETAINED);
        while (t + SECOND < MAX_AGE.toNanos()) {
            t += SECOND;
            assertThat(table.serialFor(UV, 100 + t / SECOND, t, ALL_RETAINED)).isEqualTo(100);
        }
        assertThat(table.serialFor(UV, 999, MAX_AGE.toNanos(), ALL_RETAINED)).isEqualTo(999);
    }

    @Test
    void aRequestThatStartsATraversalStartsANewRunOnTheCurrentSnapshot() {
        table.serialFor(UV, 100, 0, ALL_RETAINED);
        assertThat(table.serialFor(UV, 105, SECOND, ALL_RETAINED, true)).isEqualTo(105);
        assertThat(table.serialFor(UV, 110, 2 * SECOND, ALL_RETAINED)).isEqualTo(105);
    }

    @Test
    void anotherUserAgentAtTheSameAddressIsAnotherRun() {
        table.serialFor(UV, 100, 0, ALL_RETAINED);
        assertThat(table.serialFor(PIP, 101, SECOND, ALL_RETAINED)).isEqualTo(101);
        assertThat(table.serialFor(UV, 102, 2 * SECOND, ALL_RETAINED)).isEqualTo(100);
    }

    @Test
    void clientsSharingAnAddressAndAgentShareARunAndItsSnapshot() {
        // Two machines behind one NAT running the same uv: one key, one run, one snapshot for both.
        RunKey first = RunKey.of("203.0.113.1", "uv/0.13.9");
        RunKey second = RunKey.of("203.0.113.1", "uv/0.13.9");
        table.serialFor(first, 100, 0, ALL_RETAINED);
        assertThat(table.serialFor(second, 101, SECOND, ALL_RETAINED)).isEqualTo(100);
    }

    @Test
    void aRunWhoseSnapshotIsNoLongerServableMovesForwardToTheCurrentOne() {
        table.serialFor(UV, 100, 0, ALL_RETAINED);
        assertThat(table.serialFor(UV, 120, SECOND, serial -> serial != 100)).isEqualTo(120);
        // and stays there for the rest of the run
        assertThat(table.serialFor(UV, 130, 2 * SECOND, ALL_RETAINED)).isEqualTo(120);
    }

    @Test
    void aRunNeverGoesBackEvenIfTheCurrentSerialPassedInIsOlder() {
        table.serialFor(UV, 100, 0, ALL_RETAINED);
        assertThat(table.serialFor(UV, 90, SECOND, serial -> false)).isEqualTo(100);
        assertThat(table.serialFor(UV, 90, SECOND + GAP.toNanos(), ALL_RETAINED)).isEqualTo(100);
    }

    @Test
    void aFileDownloadKeepsALiveRunAliveButStartsNone() {
        table.serialFor(UV, 100, 0, ALL_RETAINED);
        table.touch(UV, 4 * SECOND);
        assertThat(table.serialFor(UV, 101, 8 * SECOND, ALL_RETAINED)).isEqualTo(100);
        table.touch(PIP, 8 * SECOND);
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void aZeroIdleGapTurnsStickinessOff() {
        RunTable off = new RunTable(Duration.ZERO, MAX_AGE, 10);
        assertThat(off.enabled()).isFalse();
        off.serialFor(UV, 100, 0, ALL_RETAINED);
        assertThat(off.serialFor(UV, 101, 1, ALL_RETAINED)).isEqualTo(101);
        assertThat(off.size()).isZero();
    }

    @Test
    void aFullTableEvictsEndedRunsFirst() {
        RunTable small = new RunTable(GAP, MAX_AGE, 4);
        small.serialFor(key(0), 100, 0, ALL_RETAINED);
        small.serialFor(key(1), 100, 0, ALL_RETAINED);
        small.serialFor(key(2), 100, 6 * SECOND, ALL_RETAINED);
        small.serialFor(key(3), 100, 6 * SECOND, ALL_RETAINED);
        small.serialFor(key(4), 101, 7 * SECOND, ALL_RETAINED);   // full: keys 0 and 1 have ended
        assertThat(small.snapshotOfRuns()).containsOnlyKeys(key(2), key(3), key(4));
        assertThat(small.serialFor(key(2), 102, 8 * SECOND, ALL_RETAINED)).isEqualTo(100);
    }

    @Test
    void aTableFullOfLiveRunsEvictsTheLeastRecentlySeen() {
        RunTable small = new RunTable(GAP, MAX_AGE, 4);
        for (int i = 0; i < 4; i++) {
            small.serialFor(key(i), 100, i * 100L, ALL_RETAINED);
        }
        small.serialFor(key(4), 101, 500, ALL_RETAINED);
        assertThat(small.size()).isLessThanOrEqualTo(4);
        assertThat(small.snapshotOfRuns()).doesNotContainKey(key(0)).containsKey(key(4));
        // The evicted client starts over on the current snapshot: forward, never back.
        assertThat(small.serialFor(key(0), 102, 600, ALL_RETAINED)).isEqualTo(102);
    }

    @Test
    void aBadConfigurationIsRejected() {
        assertThatThrownBy(() -> new RunTable(GAP, MAX_AGE, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RunTable(Duration.ofSeconds(-1), MAX_AGE, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Never backwards, against any interleaving of clients, time steps, snapshot publications, retention and a tiny
     * table that evicts constantly: each key's served serials never decrease, and within a run (requests less than
     * the gap apart, none evicted) the serial changes only when the run's snapshot stopped being servable.
     */
    @Property(tries = 300)
    void servedSerialsNeverDecreasePerClient(@ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0, max = 39) Integer> steps) {
        RunTable small = new RunTable(GAP, MAX_AGE, 3);
        long current = 100;
        long now = 0;
        long retainedFrom = 100;
        long[] last = new long[5];
        for (int step : steps) {
            int client = step % 5;
            int action = step / 5;   // 0..7
            if (action == 0) {
                current++;
            } else if (action == 1) {
                retainedFrom = Math.min(current, retainedFrom + 1);
            } else if (action == 2) {
                now += GAP.toNanos();
            }
            now += 1_000_000L * action;
            long from = retainedFrom;
            long served = small.serialFor(key(client), current, now, serial -> serial >= from);
            assertThat(served).as("client %d", client).isGreaterThanOrEqualTo(last[client]).isLessThanOrEqualTo(current);
            last[client] = served;
        }
    }

    private static RunKey key(int i) {
        return RunKey.of("198.51.100." + i, "uv/0.13.9");
    }

    @Test
    void manyThreadsOnOneKeyAllReadTheRunsSnapshot() throws Exception {
        table.serialFor(UV, 100, 0, ALL_RETAINED);
        List<Thread> threads = new ArrayList<>();
        List<Long> served = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 8; i++) {
            long t = i;
            Thread thread = new Thread(() -> {
                for (int n = 0; n < 1000; n++) {
                    served.add(table.serialFor(UV, 100 + n, SECOND + t, ALL_RETAINED));
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(served).hasSize(8000).containsOnly(100L);
    }
}
