package dev.landfall.index.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.common.project.ProjectName;
import dev.landfall.index.servability.ServabilityDecision;
import dev.landfall.index.servability.ServabilityResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The incremental path (Backlog fed entry by entry and page by page, pruned per snapshot, plus the
 * interval walk) equals the brute-force definition of servability (docs/architecture.md#ledger-and-servability,
 * with accept_upto): W servable iff W ≥ floor and every project's e_p(W) has a page version in
 * [e_p(W), accept_upto].
 */
class BacklogPropertyTest {

    private static final ProjectName A = new ProjectName("a");

    record Ledger(long serial, ProjectName project, long acceptUpto) {
    }

    record Page(ProjectName project, long serial) {
    }

    static boolean servableByDefinition(long w, long floor, List<Ledger> ledger, List<Page> pages) {
        if (w < floor) {
            return false;
        }
        java.util.Map<ProjectName, Ledger> latest = new java.util.HashMap<>();
        for (Ledger e : ledger) {
            if (e.serial() <= w) {
                latest.merge(e.project(), e, (a, b) -> a.serial() >= b.serial() ? a : b);
            }
        }
        for (Ledger e : latest.values()) {
            boolean satisfied = pages.stream().anyMatch(p -> p.project().equals(e.project())
                    && e.serial() <= p.serial() && p.serial() <= e.acceptUpto());
            if (!satisfied) {
                return false;
            }
        }
        return true;
    }

    static long bruteForceNewest(long w0, long max, long floor, List<Ledger> ledger, List<Page> pages) {
        for (long w = max; w > w0; w--) {
            if (servableByDefinition(w, floor, ledger, pages)) {
                return w;
            }
        }
        return Long.MIN_VALUE;
    }

    @Property(tries = 400)
    void incrementalEqualsDefinition(@ForAll @IntRange(min = 0, max = 1_000_000) int seed,
                                     @ForAll @IntRange(min = 1, max = 6) int projects,
                                     @ForAll @IntRange(min = 1, max = 40) int entries) {
        Random rnd = new Random(seed);
        List<Ledger> ledger = new ArrayList<>();
        List<Page> pages = new ArrayList<>();
        // Initial sync: one entry per project at its listed serial, accept_upto = S0.
        long s0 = 5 + rnd.nextInt(5);
        long floor = s0;
        for (int p = 0; p < projects; p++) {
            long listed = 1 + rnd.nextInt((int) s0);
            if (ledger.stream().noneMatch(e -> e.serial() == listed)) {
                ledger.add(new Ledger(listed, new ProjectName("p" + p), s0));
                floor = Math.max(floor, listed);
            }
        }
        long serial = s0;
        for (int i = 0; i < entries; i++) {
            serial += 1 + rnd.nextInt(2);
            ledger.add(new Ledger(serial, new ProjectName("p" + rnd.nextInt(projects)), serial));
        }
        ledger.sort(java.util.Comparator.comparingLong(Ledger::serial));
        // Pages: most entries get a page (sometimes stamped within the initial range), in random order.
        for (Ledger e : ledger) {
            if (rnd.nextInt(4) > 0) {
                long stamp = e.acceptUpto() > e.serial() ? e.serial() + rnd.nextInt((int) (e.acceptUpto() - e.serial() + 1)) : e.serial();
                pages.add(new Page(e.project(), stamp));
            }
        }
        java.util.Collections.shuffle(pages, rnd);

        // Interleave: ledger arrives in order in chunks, pages arrive at random points; snapshots published along the way.
        Backlog backlog = new Backlog();
        List<Page> landed = new ArrayList<>();
        List<Ledger> seen = new ArrayList<>();
        long w0 = -1;
        int li = 0;
        int pi = 0;
        while (li < ledger.size() || pi < pages.size()) {
            if (pi < pages.size() && (li >= ledger.size() || rnd.nextBoolean())) {
                Page p = pages.get(pi++);
                landed.add(p);
                backlog.onPageVersion(p.project(), p.serial());
            } else {
                Ledger e = ledger.get(li++);
                seen.add(e);
                boolean satisfied = landed.stream().anyMatch(p -> p.project().equals(e.project())
                        && e.serial() <= p.serial() && p.serial() <= e.acceptUpto());
                backlog.onLedgerEntry(e.serial(), e.project(), e.acceptUpto(), 0, e.acceptUpto() > e.serial(), satisfied);
            }
            if (rnd.nextInt(3) == 0 && !seen.isEmpty()) {
                backlog.prune(w0);
                Backlog.Intervals iv = backlog.intervals();
                long max = backlog.ledgerMax();
                ServabilityResult r = ServabilityDecision.newestServable(w0, max, floor, iv.starts(), iv.ends(), iv.n());
                long expected = bruteForceNewest(w0, max, floor, seen, landed);
                if (expected == Long.MIN_VALUE) {
                    assertThat(r).isInstanceOf(ServabilityResult.NothingNew.class);
                } else {
                    assertThat(r).isEqualTo(new ServabilityResult.Servable(expected));
                    w0 = expected;
                }
            }
        }
    }

    @Test
    void aPageStampedAboveAnExactEntryDoesNotSatisfyIt() {
        Backlog b = new Backlog();
        b.onLedgerEntry(10, A, 10, 0, false, false);
        b.onPageVersion(A, 11);
        assertThat(b.stats().blocking()).isEqualTo(1);
    }

    @Test
    void anInitialEntryIsSatisfiedAnywhereUpToAcceptUpto() {
        Backlog b = new Backlog();
        b.onLedgerEntry(3, A, 9, 0, true, false);
        b.onPageVersion(A, 10);
        assertThat(b.stats().blocking()).isEqualTo(1);
        b.onPageVersion(A, 9);
        assertThat(b.stats().blocking()).isZero();
        assertThat(b.stats().unsatisfiedInitial()).isZero();
    }
}
