package dev.landfall.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Same seed, same bytes: changelog, listing, pages and files; another seed, another world. */
class DeterminismIT {

    private final Http http = new Http();

    private List<String> observe(PypiSimulator sim) {
        sim.advance(150);
        List<String> out = new ArrayList<>();
        String b = sim.baseUrl();
        out.add(Http.text(http.post(b + "/pypi", "text/xml", Http.xmlRpc("changelog_since_serial", Http.intParam(0)))));
        out.add(Http.text(http.post(b + "/pypi", "text/xml", Http.xmlRpc("list_packages_with_serial", ""))));
        out.add(Http.text(http.get(b + "/simple/", "Accept", Http.PIP_ACCEPT)));
        OracleState state = sim.oracle(sim.lastSerial());
        int i = 0;
        for (var e : state.projects().entrySet()) {
            if (i++ % 10 != 0) {
                continue;
            }
            // Pages carry absolute URLs with the simulator's own port: compare everything else.
            out.add(Http.text(http.get(b + "/simple/" + e.getKey() + "/", "Accept", Http.PIP_ACCEPT)).replace(b, "BASE"));
            out.add(Http.text(http.get(b + "/simple/" + e.getKey() + "/")).replace(b, "BASE"));
            out.add(Http.text(http.get(b + "/pypi/" + e.getKey() + "/json")).replace(b, "BASE"));
            for (OracleState.OracleFile f : e.getValue().files()) {
                out.add(f.url() + " " + Http.sha256(http.get(b + f.url()).body()));
            }
        }
        return out;
    }

    @Test
    void sameSeedServesIdenticalBytesAndAnotherSeedDoesNot() {
        SimulatorConfig.Builder cfg = SimulatorConfig.builder().projects(120);
        List<String> a;
        List<String> b;
        List<String> c;
        try (PypiSimulator one = PypiSimulator.start(cfg.seed(21).build());
             PypiSimulator two = PypiSimulator.start(cfg.seed(21).build());
             PypiSimulator other = PypiSimulator.start(cfg.seed(22).build())) {
            assertThat(one.port()).isNotEqualTo(two.port());
            a = observe(one);
            b = observe(two);
            c = observe(other);
        }
        assertThat(a).hasSizeGreaterThan(30);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i)).isEqualTo(a.get(i));
        }
        assertThat(c.get(0)).isNotEqualTo(a.get(0));
        assertThat(c.get(1)).isNotEqualTo(a.get(1));
    }
}
