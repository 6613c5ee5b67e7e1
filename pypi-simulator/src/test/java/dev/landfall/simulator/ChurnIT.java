package dev.landfall.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Background churn and the lagging package listing. */
class ChurnIT {

    private final Http http = new Http();

    @Test
    void churnAppliesTransactionsInTheBackgroundUntilSwitchedOff() {
        try (PypiSimulator sim = PypiSimulator.start(SimulatorConfig.builder().seed(4).projects(50)
                .churnPerSecond(200).build())) {
            long start = sim.lastSerial();
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.lastSerial() > start + 50);
            http.post(sim.baseUrl() + "/_sim/churn?perSecond=0", "text/plain", "");
            assertThat(sim.churnPerSecond()).isZero();
            long[] seen = {sim.lastSerial(), 0};
            // Stopped: the serial stays put over several consecutive polls.
            await().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofSeconds(5)).until(() -> {
                long now = sim.lastSerial();
                seen[1] = now == seen[0] ? seen[1] + 1 : 0;
                seen[0] = now;
                return seen[1] >= 6;
            });
            assertThat(sim.oracle(sim.lastSerial()).projects()).isNotEmpty();
        }
    }

    @Test
    void listingLagsTheJournalByTheConfiguredSerials() {
        try (PypiSimulator sim = PypiSimulator.start(SimulatorConfig.builder().seed(4).projects(50).listingLag(40)
                .build())) {
            sim.advance(100);
            String xml = Http.text(http.post(sim.baseUrl() + "/pypi", "text/xml",
                    Http.xmlRpc("list_packages_with_serial", "")));
            Matcher m = Pattern.compile("<value><int>(\\d+)</int></value>").matcher(xml);
            long max = 0;
            while (m.find()) {
                max = Math.max(max, Long.parseLong(m.group(1)));
            }
            assertThat(max).isLessThanOrEqualTo(sim.lastSerial() - 40).isGreaterThan(0);
        }
    }
}
