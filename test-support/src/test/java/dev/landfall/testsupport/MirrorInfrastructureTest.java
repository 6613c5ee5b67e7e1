package dev.landfall.testsupport;

import static dev.landfall.testsupport.MirrorInfrastructure.Need.FILESYSTEM_STORAGE;
import static dev.landfall.testsupport.MirrorInfrastructure.Need.S3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.landfall.simulator.SimulatorConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What needs no server: filesystem storage, the rules on what may be asked for, and start/close bookkeeping. */
class MirrorInfrastructureTest {

    @Test
    void filesystemStorageIsAFreshDirectoryRemovedOnClose() throws Exception {
        MirrorInfrastructure infra = MirrorInfrastructure.with(FILESYSTEM_STORAGE);
        infra.start();
        Path dir = infra.storageDirectory();
        try {
            assertThat(dir).isEmptyDirectory();
            assertThat(infra.properties()).containsExactly(
                    Map.entry("landfall.storage.type", "filesystem"), Map.entry("landfall.storage.path", dir.toString()));
            Files.createDirectories(dir.resolve("pages/demo"));
            Files.writeString(dir.resolve("pages/demo/1.json"), "{}");
        } finally {
            infra.close();
        }
        assertThat(dir).doesNotExist();
        infra.close(); // idempotent
    }

    @Test
    void oneBlobStorageOnly() {
        assertThatThrownBy(() -> MirrorInfrastructure.with(S3, FILESYSTEM_STORAGE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("S3 or FILESYSTEM_STORAGE");
        assertThatThrownBy(MirrorInfrastructure::with).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void propertiesNeedRunningResources() {
        MirrorInfrastructure infra = MirrorInfrastructure.with(FILESYSTEM_STORAGE);
        assertThatThrownBy(infra::properties).isInstanceOf(IllegalStateException.class).hasMessageContaining("not started");
    }

    @Test
    void withSimulatorAddsTheSimulatorToWhatWasAskedFor() {
        MirrorInfrastructure infra = MirrorInfrastructure.with(FILESYSTEM_STORAGE)
                .withSimulator(SimulatorConfig.builder().seed(5).projects(3).build());
        assertThat(infra.needs()).containsExactly(FILESYSTEM_STORAGE, MirrorInfrastructure.Need.SIMULATOR);
        assertThat(infra.simulator()).isNotNull();
    }

    @Test
    void whenALaterResourceFailsToStartTheEarlierOnesAreClosedAgain() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            MirrorInfrastructure infra = MirrorInfrastructure.with(FILESYSTEM_STORAGE)
                    .withSimulator(SimulatorConfig.builder().projects(3).port(taken.getLocalPort()).build());
            assertThatThrownBy(infra::start).isNotNull();
            assertThat(infra.isRunning()).isFalse();
            // the storage directory (started first) was closed again, not leaked
            assertThatThrownBy(infra::storageDirectory).isInstanceOf(IllegalStateException.class).hasMessageContaining("not started");
        }
    }

    @Test
    void commandLineArgumentsKeepTheOrder() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:5432/x");
        p.put("landfall.fetcher.concurrency", 16);
        assertThat(MirrorInfrastructure.commandLine(p))
                .containsExactly("--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/x", "--landfall.fetcher.concurrency=16");
    }
}
