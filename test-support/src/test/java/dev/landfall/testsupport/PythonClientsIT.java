package dev.landfall.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PythonClientsIT {

    @Test
    void theVirtualEnvironmentHoldsThePinnedClients() {
        assertThat(new Pip().version()).startsWith("pip " + PythonClients.pinnedVersion("pip") + " ");
        assertThat(PythonClients.versionOf(List.of(PythonClients.executable("uv"), "--version")))
                .startsWith("uv " + PythonClients.pinnedVersion("uv"));
        assertThat(PythonClients.versionOf(List.of(PythonClients.executable("twine"), "--version")))
                .contains("twine version " + PythonClients.pinnedVersion("twine"));
    }

    @Test
    void theMachinesPipIsAnotherOlderRelease() {
        String machine = Pip.machine().version();
        assertThat(machine).startsWith("pip ").doesNotStartWith("pip " + PythonClients.pinnedVersion("pip") + " ");
    }
}
