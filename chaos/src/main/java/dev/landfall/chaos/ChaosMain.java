package dev.landfall.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The long run from the command line (see {@code chaos/run-long.sh}):
 * {@code java -cp <classes:harness classpath> dev.landfall.chaos.ChaosMain [--minutes=30] [--seed=N] [--short]}.
 * Prints the report; exit code 0 when everything that must hold held.
 */
public final class ChaosMain {

    private ChaosMain() {
    }

    public static void main(String[] args) throws Exception {
        long minutes = 30;
        long seed = System.nanoTime() & 0xffffffL;
        boolean shortRun = false;
        for (String a : args) {
            if (a.startsWith("--minutes=")) {
                minutes = Long.parseLong(a.substring(10));
            } else if (a.startsWith("--seed=")) {
                seed = Long.parseLong(a.substring(7));
            } else if (a.equals("--short")) {
                shortRun = true;
            } else {
                throw new IllegalArgumentException("usage: [--minutes=30] [--seed=N] [--short]");
            }
        }
        ChaosSettings settings = shortRun ? ChaosSettings.shortRun(seed) : ChaosSettings.longRun(seed, Duration.ofMinutes(minutes));
        Path runDir = Cluster.locateRoot().resolve("chaos/target/chaos")
                .resolve((shortRun ? "short-" : "long-") + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        ChaosReport report = new ChaosCampaign(settings, runDir).run(true);
        System.out.println(report.render());
        System.out.println("report written to " + runDir.resolve("report.txt"));
        boolean held = report.violations().isEmpty() && report.converged() && report.finalCrawlViolations().isEmpty()
                && report.eventsLost() == 0 && report.finalChecks().blobProblems().isEmpty() && report.finalChecks().orphans().isEmpty()
                && report.pageFailuresWhileDatabaseOrBrokerDown().isEmpty()
                && report.negativeControl() != null && report.negativeControl().caught();
        System.exit(held ? 0 : 1);
    }
}
