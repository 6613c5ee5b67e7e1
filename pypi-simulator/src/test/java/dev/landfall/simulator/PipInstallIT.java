package dev.landfall.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real pip (Python 3.11, binary only) resolves a coupled release from the simulator's simple index. */
class PipInstallIT {

    @TempDir
    Path target;

    @Test
    void pipInstallsACoupledReleaseTogetherWithThePinnedRelease() throws Exception {
        try (PypiSimulator sim = PypiSimulator.start(SimulatorConfig.builder().seed(31).projects(200).build())) {
            sim.advance(200);
            List<CoupledRelease> coupled = sim.coupled(sim.lastSerial());
            assertThat(coupled).isNotEmpty();
            CoupledRelease c = coupled.get(coupled.size() - 1);
            Process pip = new ProcessBuilder("python3", "-m", "pip", "install", "--isolated", "--no-cache-dir",
                    "--only-binary", ":all:", "--disable-pip-version-check", "--no-input", "--index-url",
                    sim.baseUrl() + "/simple/", "--target", target.toString(), c.project() + "==" + c.version())
                    .redirectErrorStream(true).start();
            pip.getOutputStream().close();
            String output = new String(pip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(pip.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(pip.exitValue()).as(output).isZero();
            List<String> installed;
            try (Stream<Path> dirs = Files.list(target)) {
                installed = dirs.map(Path::getFileName).map(Path::toString).filter(n -> n.endsWith(".dist-info"))
                        .map(n -> n.substring(0, n.length() - ".dist-info".length()))
                        .map(n -> n.replaceAll("[-_.]+(?=[^-]*-)", "-").toLowerCase(Locale.ROOT))
                        .map(n -> normalize(n.substring(0, n.lastIndexOf('-'))) + "==" + n.substring(n.lastIndexOf('-') + 1))
                        .collect(Collectors.toList());
            }
            assertThat(installed).as(output).contains(c.project() + "==" + c.version(),
                    c.requires() + "==" + c.requiresVersion());
            assertThat(new File(target.toFile(), c.project().replace('-', '_'))).isDirectory();
        }
    }

    private static String normalize(String n) {
        return n.replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
    }
}
