package dev.landfall.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulatorMainTest {

    @Test
    void parsesEveryOption() {
        SimulatorConfig c = SimulatorMain.parse(new String[] {"--port=0", "--seed=9", "--projects=42",
            "--churn-per-second=2.5", "--large-files=1", "--changelog-page-size=100", "--listing-lag=3",
            "--stale-probability=0.3", "--stale-window=30s", "--not-found-window=500ms", "--server-error-rate=0.05",
            "--slow-rate=0.1", "--slow-delay=PT1S", "--truncate-rate=0.02", "--corrupt-rate=0.01",
            "--garbage-rate=0.04"}, System.out);
        assertThat(c.seed()).isEqualTo(9);
        assertThat(c.projects()).isEqualTo(42);
        assertThat(c.churnPerSecond()).isEqualTo(2.5);
        assertThat(c.changelogPageSize()).isEqualTo(100);
        assertThat(c.listingLag()).isEqualTo(3);
        assertThat(c.faults()).isEqualTo(Faults.builder().staleProbability(0.3).staleWindow(Duration.ofSeconds(30))
                .notFoundWindow(Duration.ofMillis(500)).serverErrorRate(0.05).slowRate(0.1)
                .slowDelay(Duration.ofSeconds(1)).truncateRate(0.02).corruptRate(0.01).garbageRate(0.04).build());
    }

    @Test
    void helpPrintsUsageAndStartsNothing() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(SimulatorMain.parse(new String[] {"--help"}, new PrintStream(out))).isNull();
        assertThat(out.toString()).contains("--stale-probability", "--garbage-rate", "--large-files");
    }

    @Test
    void rejectsUnknownOptionsAndBadValues() {
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--nope=1"}, System.out))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--server-error-rate=2"}, System.out))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimulatorMain.duration("soon")).isInstanceOf(IllegalArgumentException.class);
    }
}
