package dev.landfall.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.simulator.SimulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import java.util.Map;

class SimulatorIT {

    @RegisterExtension
    static final Simulator sim = new Simulator(SimulatorConfig.builder().seed(1).projects(20).port(0).churnPerSecond(0).build());

    @Test
    void theSimulatorServesTheSimpleIndex() throws Exception {
        HttpResponse<String> root = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/simple/")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.headers().firstValue("X-PyPI-Last-Serial")).contains(String.valueOf(sim.get().lastSerial()));
    }

    /** pip, the real client, installs from the simulator: the Pip helper works end to end. */
    @Test
    void pipInstallsAProjectFromTheSimulator() throws Exception {
        var wheel = sim.get().oracle(sim.get().lastSerial()).projects().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .flatMap(p -> p.getValue().files().stream().filter(f -> f.filename().endsWith(".whl") && !f.yanked())
                        .map(f -> Map.entry(p.getKey(), f.version())))
                .findFirst().orElseThrow();

        Pip.Result result = new Pip().install(sim.baseUrl() + "/simple/", List.of(wheel.getKey() + "==" + wheel.getValue()),
                List.of("--no-deps"));
        try {
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.installed()).containsEntry(wheel.getKey(), wheel.getValue());
        } finally {
            result.deleteTarget();
        }
    }
}
