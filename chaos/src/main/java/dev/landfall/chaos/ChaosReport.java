package dev.landfall.chaos;

import dev.landfall.chaos.FaultRecord.Kind;
import dev.landfall.chaos.Observations.Request;
import dev.landfall.testsupport.consistency.ConsistencyChecker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What one campaign saw and what held afterwards; {@link #render()} is the printed report (also written
 * to {@code report.txt} in the run directory). The "must hold" list is exposed as methods so the short
 * run can assert each one by name.
 */
public final class ChaosReport {

    /** The negative control's outcome: an unsafe index server must be caught. */
    public record NegativeControl(boolean caught, int crawls, String example) {
    }

    /** Availability figures of one window (a fault, or the baseline outside every fault). */
    public record Window(String label, long requests, long pages, long page5xx, long pageTimeouts, long files, long file5xx,
                         long file503WithRetryAfter, long fileTimeouts, long refused, double pageP99Millis, double maxMillis) {
    }

    final ChaosSettings settings;
    final Path runDir;
    final Observations observations = new Observations();
    final List<FaultRecord> faults = new ArrayList<>();
    final Map<String, ConsistencyChecker.Report> finalCrawls = new LinkedHashMap<>();
    final Map<String, Long> servedSnapshot = new LinkedHashMap<>();
    final Map<String, Integer> unexpectedExits = new LinkedHashMap<>();
    final Map<String, Integer> starts = new LinkedHashMap<>();
    Map<String, Long> proxyConnections = new LinkedHashMap<>();
    FinalChecks.@Nullable Result finalChecks;
    @Nullable NegativeControl negativeControl;
    @Nullable Instant campaignStart;
    @Nullable Instant campaignEnd;
    long upstreamLastSerial = -1;
    boolean converged;
    double drainSeconds;
    double startupSeconds;

    ChaosReport(ChaosSettings settings, Path runDir) {
        this.settings = settings;
        this.runDir = runDir;
    }

    // --- what must hold ---

    /** Consistency violations during the campaign (crawls unequal to the oracle at their W, W backwards, pinning). */
    public List<String> violations() {
        return observations.violations();
    }

    public long consistentCrawls() {
        return observations.consistentCrawls.get();
    }

    /**
     * What a run of this length must show: one fully consistent crawl per 5 s of campaign on average. Each crawl
     * loop starts a crawl every ~0.2 s plus its duration (a fraction of a second to a few seconds for a few hundred
     * projects on a loaded 2-core machine), so healthy runs exceed this many times over; a mirror that answers 5xx or
     * wrong content most of the time does not.
     */
    public long minimumConsistentCrawls() {
        return Math.max(10, settings.campaign().toSeconds() / 5);
    }

    public long crawls() {
        return observations.crawls.get();
    }

    /** After the drain both index servers serve upstream's latest serial. */
    public boolean converged() {
        return converged && servedSnapshot.values().stream().allMatch(w -> w == upstreamLastSerial);
    }

    /** Violations of the final crawls (at upstream's latest serial), per server. */
    public List<String> finalCrawlViolations() {
        List<String> v = new ArrayList<>();
        finalCrawls.forEach((server, r) -> {
            if (r.snapshot() != upstreamLastSerial) {
                v.add(server + " final crawl at W=" + r.snapshot() + ", upstream at " + upstreamLastSerial);
            }
            r.violations().forEach(x -> v.add(server + ": " + x));
        });
        return v;
    }

    public FinalChecks.Result finalChecks() {
        if (finalChecks == null) {
            throw new IllegalStateException("final checks did not run");
        }
        return finalChecks;
    }

    public @Nullable NegativeControl negativeControl() {
        return negativeControl;
    }

    /** Page answers 5xx or hanging from a running index server while PostgreSQL or Kafka was down (must be none). */
    public List<String> pageFailuresWhileDatabaseOrBrokerDown() {
        List<String> out = new ArrayList<>();
        for (FaultRecord f : faults) {
            if (f.kind != Kind.BROKER_DOWN && f.kind != Kind.POSTGRES_DOWN) {
                continue;
            }
            for (Request r : requestsIn(f)) {
                if (r.kind() != Observations.Kind.FILE && !r.noSnapshotYet() && (r.status() >= 500 || r.status() == Observations.TIMEOUT)) {
                    out.add(f.label() + ": " + r.server() + " " + r.kind() + " answered " + r.status() + " after " + r.micros() / 1000 + " ms");
                }
            }
        }
        return out;
    }

    /**
     * While S3 was down: requests that neither succeeded nor failed fast with 503 + Retry-After (a 500,
     * a 503 without Retry-After, a hang past the client's 10 s, or an answer slower than 5 s).
     */
    public List<String> s3OutageMisbehaviour() {
        List<String> out = new ArrayList<>();
        for (FaultRecord f : faults) {
            if (f.kind != Kind.S3_DOWN) {
                continue;
            }
            for (Request r : requestsIn(f)) {
                boolean failFast = r.status() == 503 && r.retryAfter() && r.micros() < 5_000_000;
                boolean ok = r.status() > 0 && r.status() < 500 && r.micros() < 5_000_000;
                if (!ok && !failFast && r.status() != Observations.REFUSED && !r.noSnapshotYet()) {
                    out.add(f.label() + ": " + r.server() + " " + r.kind() + " answered " + r.status()
                            + (r.retryAfter() ? " with" : " without") + " Retry-After after " + r.micros() / 1000 + " ms");
                }
            }
        }
        return out;
    }

    /** Faults after which the system did not recover by itself. */
    public List<String> unrecovered() {
        return faults.stream().filter(f -> f.start != null && f.recovered == null)
                .map(f -> f.label() + (f.note == null ? "" : ": " + f.note)).toList();
    }

    /** Ledger entries neither satisfied nor superseded, plus dead letters nobody can explain. */
    public long eventsLost() {
        FinalChecks.Result r = finalChecks();
        return r.unsatisfied().size() + r.unexplainedDeadLetters().size();
    }

    public Map<String, Integer> unexpectedExits() {
        return unexpectedExits;
    }

    public List<String> crossReplicaPinning() {
        return observations.crossReplicaPinningViolations();
    }

    public Path runDir() {
        return runDir;
    }

    // --- figures ---

    private List<Request> requestsIn(FaultRecord f) {
        return observations.requests().stream().filter(r -> f.covers(r.atMillis())).toList();
    }

    List<Window> windows() {
        List<Window> out = new ArrayList<>();
        List<Request> all = observations.requests();
        List<FaultRecord> windowFaults = faults.stream().filter(f -> f.start != null).toList();
        out.add(window("baseline (no fault active)", all.stream()
                .filter(r -> windowFaults.stream().noneMatch(f -> f.covers(r.atMillis()))).toList()));
        for (FaultRecord f : windowFaults) {
            out.add(window(f.label() + " @+" + secondsIntoCampaign(f), all.stream().filter(r -> f.covers(r.atMillis())).toList()));
        }
        return out;
    }

    private String secondsIntoCampaign(FaultRecord f) {
        return campaignStart == null || f.start == null ? "?" : (f.start.toEpochMilli() - campaignStart.toEpochMilli()) / 1000 + "s";
    }

    private static Window window(String label, List<Request> rs) {
        List<Request> pages = rs.stream().filter(r -> r.kind() != Observations.Kind.FILE && r.status() != Observations.REFUSED).toList();
        List<Request> files = rs.stream().filter(r -> r.kind() == Observations.Kind.FILE && r.status() != Observations.REFUSED).toList();
        long[] lat = pages.stream().mapToLong(Request::micros).sorted().toArray();
        double p99 = lat.length == 0 ? 0 : lat[Math.min(lat.length - 1, (int) Math.ceil(lat.length * 0.99) - 1)] / 1000.0;
        return new Window(label, rs.size(), pages.size(),
                pages.stream().filter(r -> r.status() >= 500 && !r.noSnapshotYet()).count(),
                pages.stream().filter(r -> r.status() == Observations.TIMEOUT).count(),
                files.size(), files.stream().filter(r -> r.status() >= 500).count(),
                files.stream().filter(r -> r.status() == 503 && r.retryAfter()).count(),
                files.stream().filter(r -> r.status() == Observations.TIMEOUT).count(),
                rs.stream().filter(r -> r.status() == Observations.REFUSED).count(), p99,
                rs.stream().mapToLong(Request::micros).max().orElse(0) / 1000.0);
    }

    public String render() {
        StringBuilder b = new StringBuilder();
        b.append("==== Landfall chaos report ====\n");
        b.append("seed ").append(settings.seed()).append(" (replay: -Dchaos.seed=").append(settings.seed()).append("), run dir ").append(runDir).append('\n');
        b.append("settings ").append(settings).append('\n');
        b.append("startup to first snapshot: ").append(startupSeconds).append(" s\n");
        Map<Kind, Long> byKind = new EnumMap<>(Kind.class);
        faults.stream().filter(f -> f.start != null).forEach(f -> byKind.merge(f.kind, 1L, Long::sum));
        b.append("faults injected by kind: ").append(byKind).append('\n');
        Map<String, Long> kills = faults.stream().filter(f -> f.kind == Kind.KILL && f.start != null)
                .collect(Collectors.groupingBy(f -> f.target, TreeMap::new, Collectors.counting()));
        b.append("kill -9 per service: ").append(kills).append('\n');
        b.append("process starts per service: ").append(starts).append("; restarts by the supervisor after an unexpected exit: ")
                .append(unexpectedExits).append('\n');
        b.append("proxy connections: ").append(proxyConnections).append('\n');
        b.append("crawls: ").append(crawls()).append(" (consistent ").append(consistentCrawls()).append(" of at least ")
                .append(minimumConsistentCrawls()).append(", partial ").append(observations.partialCrawls.get()).append(", failed/unavailable ")
                .append(observations.crawlsFailed.get()).append("), files verified by the crawlers: ").append(observations.filesVerified.get()).append('\n');
        List<Request> all = observations.requests();
        Map<String, Long> statuses = all.stream().collect(Collectors.groupingBy(r -> r.status() == Observations.REFUSED ? "refused"
                : r.status() == Observations.TIMEOUT ? "timeout" : (r.status() / 100) + "xx", TreeMap::new, Collectors.counting()));
        b.append("load: ").append(observations.sessions.get()).append(" sessions, ").append(all.size()).append(" requests, by status ")
                .append(statuses).append('\n');
        b.append("VIOLATIONS during the campaign: ").append(violations().size()).append('\n');
        violations().stream().limit(30).forEach(v -> b.append("  ").append(v).append('\n'));
        b.append("cross-replica pinning (session moved to the other replica got another snapshot): ").append(crossReplicaPinning().size()).append('\n');
        crossReplicaPinning().stream().limit(5).forEach(v -> b.append("  ").append(v).append('\n'));
        b.append("\nper window: requests | pages | page 5xx | page timeouts | page p99 ms | files | file 5xx | file 503+Retry-After | file timeouts | refused | max ms | recovery s\n");
        List<Window> ws = windows();
        List<FaultRecord> injected = faults.stream().filter(f -> f.start != null).toList();
        for (int i = 0; i < ws.size(); i++) {
            Window w = ws.get(i);
            String recovery = i == 0 ? "" : String.format("%.1f", injected.get(i - 1).recoverySeconds());
            b.append(String.format("  %-42s %6d %6d %5d %5d %9.1f %6d %5d %5d %5d %6d %9.1f %s%n", w.label(), w.requests(), w.pages(), w.page5xx(),
                    w.pageTimeouts(), w.pageP99Millis(), w.files(), w.file5xx(), w.file503WithRetryAfter(), w.fileTimeouts(), w.refused(),
                    w.maxMillis(), recovery));
        }
        for (FaultRecord f : injected) {
            if (f.note != null) {
                b.append("  note ").append(f.label()).append(": ").append(f.note).append('\n');
            }
        }
        b.append("\nafter the faults: upstream's last serial ").append(upstreamLastSerial).append(", served ").append(servedSnapshot)
                .append(converged() ? " — converged" : " — NOT converged").append(" (drain ").append(drainSeconds).append(" s)\n");
        b.append("final crawl violations: ").append(finalCrawlViolations().size()).append('\n');
        finalCrawlViolations().stream().limit(10).forEach(v -> b.append("  ").append(v).append('\n'));
        if (finalChecks != null) {
            FinalChecks.Result r = finalChecks;
            b.append("ledger: ").append(r.ledgerEntries()).append(" entries, ").append(r.unsatisfiedSuperseded())
                    .append(" unsatisfied but superseded, ").append(r.unsatisfied().size()).append(" unsatisfied ").append(limit(r.unsatisfied())).append('\n');
            b.append("blobs: ").append(r.blobs()).append(" objects re-hashed (").append(r.packageBlobs()).append(" package files), problems ")
                    .append(r.blobProblems().size()).append(' ').append(limit(r.blobProblems())).append('\n');
            b.append("orphan/partial objects: ").append(r.orphans().size()).append(' ').append(limit(r.orphans())).append('\n');
            b.append("S3 server staging files left by its kill -9 (s3proxy's <key>-<uuid>, referenced by nothing; not Landfall objects): ")
                    .append(r.serverStaging().size()).append(' ').append(limit(r.serverStaging())).append('\n');
            b.append("dead letters: ").append(r.deadLetters()).append(", unexplained ").append(r.unexplainedDeadLetters().size())
                    .append(' ').append(limit(r.unexplainedDeadLetters())).append('\n');
            b.append("events lost: ").append(eventsLost()).append('\n');
        }
        b.append("page 5xx/hangs while PostgreSQL or Kafka down: ").append(pageFailuresWhileDatabaseOrBrokerDown().size()).append(' ')
                .append(limit(pageFailuresWhileDatabaseOrBrokerDown())).append('\n');
        b.append("S3 outage: answers that were neither OK nor a fast 503 with Retry-After: ").append(s3OutageMisbehaviour().size()).append(' ')
                .append(limit(s3OutageMisbehaviour())).append('\n');
        b.append("faults not recovered from: ").append(unrecovered()).append('\n');
        List<String> findings = findings();
        b.append("\nFINDINGS (reported, not asserted by the short run): ").append(findings.size()).append('\n');
        findings.forEach(f -> b.append("  - ").append(f).append('\n'));
        if (negativeControl != null) {
            b.append("negative control (unsafe-serve-newest): ").append(negativeControl.caught() ? "CAUGHT" : "NOT caught").append(" after ")
                    .append(negativeControl.crawls()).append(" crawls: ").append(negativeControl.example()).append('\n');
        }
        return b.toString();
    }

    /**
     * Service behaviour under faults that falls short of the availability targets but is not a
     * safety property: listed in the report (the short run keeps asserting every safety property).
     */
    public List<String> findings() {
        List<String> out = new ArrayList<>();
        List<String> s3 = s3OutageMisbehaviour();
        if (!s3.isEmpty()) {
            long status500 = s3.stream().filter(x -> x.contains("answered 500")).count();
            out.add("S3 down: " + s3.size() + " answers were not a fast 503 with Retry-After (" + status500
                    + " were 500 without Retry-After), e.g. " + s3.get(0));
        }
        if (!crossReplicaPinning().isEmpty()) {
            out.add("run cookie across replicas: " + crossReplicaPinning().size() + " requests pinned to W by one index server were "
                    + "answered from another snapshot by the other replica (it had not loaded W yet and fell back to its current one), e.g. "
                    + crossReplicaPinning().get(0));
        }
        unexpectedExits.forEach((service, n) -> {
            if (n > 0) {
                out.add(service + " exited " + n + " time(s) by itself and was restarted by the supervisor (see " + service + ".log)");
            }
        });
        for (FaultRecord f : faults) {
            List<Request> slow = requestsIn(f).stream().filter(r -> r.status() != Observations.REFUSED && r.micros() > 5_000_000).toList();
            if (!slow.isEmpty()) {
                out.add(f.label() + ": " + slow.size() + " answers took over 5 s (slowest " + slow.stream().mapToLong(Request::micros).max().orElse(0) / 1000
                        + " ms, " + slow.stream().map(r -> r.kind().toString()).distinct().toList() + ") — the index server waited on the fault instead of failing fast");
            }
        }
        faults.stream().filter(f -> f.recovered != null && f.kind != Kind.KILL && f.recoverySeconds() > 60).forEach(f ->
                out.add(f.label() + ": the served snapshot advanced again only " + f.recoverySeconds() + " s after the fault ended"));
        return out;
    }

    private static String limit(List<String> l) {
        return l.isEmpty() ? "" : l.size() <= 5 ? l.toString() : l.subList(0, 5) + "… (" + l.size() + ")";
    }

    void write() throws IOException {
        Files.writeString(runDir.resolve("report.txt"), render());
    }
}
