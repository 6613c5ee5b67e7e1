package dev.landfall.chaos;

import dev.landfall.chaos.FaultRecord.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The campaign's faults, a pure function of the seed and the settings (replay a run with its seed).
 * Outage-like faults (broker, PostgreSQL, S3, proxy faults, upstream garbage) come one after another in
 * a shuffled order with random gaps, so each has its own window to measure; kill -9s of the services fall
 * at random moments over the whole campaign, overlapping them.
 */
final class FaultSchedule {

    private static final List<String> PROXIED = List.of("kafka", "postgres", "s3", "upstream");

    private FaultSchedule() {
    }

    static List<FaultRecord> plan(ChaosSettings s, List<String> services) {
        Random random = new Random(s.seed());
        long campaign = s.campaign().toMillis();
        List<FaultRecord> windows = new ArrayList<>();
        for (int i = 0; i < s.outagesPerKind(); i++) {
            windows.add(new FaultRecord(Kind.BROKER_DOWN, "kafka", 0, s.brokerDown().toMillis()));
            windows.add(new FaultRecord(Kind.POSTGRES_DOWN, "postgres", 0, s.postgresDown().toMillis()));
            windows.add(new FaultRecord(Kind.S3_DOWN, "s3", 0, s.s3Down().toMillis()));
        }
        Kind[] proxyKinds = {Kind.PROXY_LATENCY, Kind.PROXY_RESET, Kind.PROXY_BLACKHOLE};
        for (int i = 0; i < s.proxyFaults(); i++) {
            // Every proxied dependency gets faults; which kind is random.
            windows.add(new FaultRecord(proxyKinds[random.nextInt(proxyKinds.length)], PROXIED.get(i % PROXIED.size()), 0,
                    s.proxyFault().toMillis()));
        }
        for (int i = 0; i < s.garbageWindows(); i++) {
            windows.add(new FaultRecord(Kind.UPSTREAM_GARBAGE, "upstream", 0, Math.max(8000, s.proxyFault().toMillis())));
        }
        Collections.shuffle(windows, random);
        long busy = windows.stream().mapToLong(f -> f.plannedLengthMillis).sum();
        long lead = 5000;
        long slack = Math.max(0, campaign - lead - busy);
        // Random gaps summing to the slack: the windows' start moments vary with the seed.
        double[] weights = new double[windows.size() + 1];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = 0.3 + random.nextDouble();
            total += weights[i];
        }
        List<FaultRecord> planned = new ArrayList<>();
        long at = lead;
        for (int i = 0; i < windows.size(); i++) {
            at += (long) (slack * weights[i] / total);
            FaultRecord w = windows.get(i);
            planned.add(new FaultRecord(w.kind, w.target, at, w.plannedLengthMillis));
            at += w.plannedLengthMillis;
        }
        // Kills: evenly spread per service with jitter, so a service is not killed again before it is back.
        for (String service : services) {
            long slot = campaign / s.killsPerService();
            for (int k = 0; k < s.killsPerService(); k++) {
                long when = k * slot + (long) (random.nextDouble() * slot * 0.8);
                long pause = 1000 + random.nextInt(s.killsPerService() > 2 ? 14000 : 6000);
                planned.add(new FaultRecord(Kind.KILL, service, Math.min(when, campaign - 10_000), pause));
            }
        }
        planned.sort(Comparator.comparingLong(f -> f.plannedAtMillis));
        return planned;
    }
}
