package dev.landfall.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.landfall.testsupport.Pip;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-command mirror, as a user runs it: {@code java -jar standalone/target/landfall.jar --demo}
 * in its own process; pip installs from its first snapshot; SIGTERM stops it cleanly; a restart
 * resumes from the data directory without downloading anything again.
 */
class StandaloneProcessIT {

    private static final Path JAR = Path.of("target", "landfall.jar");
    private static final Pattern SNAPSHOT = Pattern.compile("\"snapshot\":(\\d+)");
    private static final Pattern DOWNLOADED =
            Pattern.compile("(?m)^landfall_fetcher_files_downloaded_total(?:\\{[^}]*\\})? ([0-9.E]+)$");

    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;

    @TempDir
    Path work;

    @AfterEach
    void stopProcess() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void demoMirrorServesPipStopsCleanlyAndResumesWithoutDownloadingAgain() throws Exception {
        assertThat(JAR).as("the standalone jar is built by `package` before integration tests").exists();
        Path dataDir = work.resolve("data");
        int port = freePort();
        int kafkaPort = freePort();

        // First run: initial sync of the demo upstream, then a served snapshot.
        Path firstLog = work.resolve("first.log");
        process = start(dataDir, port, kafkaPort, firstLog);
        long firstSnapshot = awaitSnapshotAbove(port, 0, firstLog);
        String project = firstProjectOf(port);
        Pip.Result pip = new Pip().install("http://127.0.0.1:" + port + "/simple/", project);
        assertThat(pip.succeeded()).as("pip output:%n%s", pip.output()).isTrue();
        assertThat(pip.installed()).containsKey(project);

        long lastServed = awaitSnapshotAbove(port, firstSnapshot - 1, firstLog);
        // SIGTERM: the JVM runs the shutdown hook (context, broker, simulator in order).
        process.destroy();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("stopped within 90 s after SIGTERM").isTrue();
        String firstOutput = Files.readString(firstLog);
        assertThat(firstOutput).contains("Landfall standalone stopped cleanly").doesNotContain("ERROR");
        Map<Path, FileTime> storedBefore = storedFiles(dataDir);
        assertThat(storedBefore).isNotEmpty();

        // Second run on the same data directory: resumes, publishes newer snapshots, re-downloads nothing.
        Path secondLog = work.resolve("second.log");
        process = start(dataDir, port, kafkaPort, secondLog);
        awaitSnapshotAbove(port, lastServed, secondLog);
        String secondOutput = Files.readString(secondLog);
        assertThat(secondOutput).as("no second initial sync").doesNotContain("Initial sync recorded");
        // Counter first, listing second: churn keeps landing files, which only grows the listing.
        long downloaded = filesDownloaded(port);
        Map<Path, FileTime> storedAfter = storedFiles(dataDir);
        storedBefore.forEach((file, modified) ->
                assertThat(storedAfter.get(file)).as("%s kept untouched", file).isEqualTo(modified));
        long newFiles = storedAfter.size() - storedBefore.size();
        assertThat(downloaded).as("downloads after restart are only files new upstream").isLessThanOrEqualTo(newFiles);
        // The machine's older pip too: a mirror must serve the pips teams actually run.
        pip = Pip.machine().install("http://127.0.0.1:" + port + "/simple/", project);
        assertThat(pip.succeeded()).as("pip output:%n%s", pip.output()).isTrue();
        process.destroy();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
    }

    private Process start(Path dataDir, int port, int kafkaPort, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx768m", "-jar", JAR.toString(), "--demo", "--demo-projects=60",
                "--demo-churn=2", "--data-dir=" + dataDir, "--port=" + port, "--kafka-port=" + kafkaPort)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private long awaitSnapshotAbove(int port, long previous, Path log) {
        long[] seen = {-1};
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptionsInstanceOf(IOException.class).untilAsserted(() -> {
            assertThat(process.isAlive()).as("process alive; log:%n%s", tail(log)).isTrue();
            Matcher m = SNAPSHOT.matcher(get(port, "/status.json"));
            assertThat(m.find()).isTrue();
            seen[0] = Long.parseLong(m.group(1));
            assertThat(seen[0]).isGreaterThan(previous);
        });
        return seen[0];
    }

    private String firstProjectOf(int port) throws Exception {
        Matcher m = Pattern.compile("href=\"([^/\"]+)/\"").matcher(get(port, "/simple/"));
        assertThat(m.find()).as("the root index lists projects").isTrue();
        return m.group(1);
    }

    private long filesDownloaded(int port) throws Exception {
        Matcher m = DOWNLOADED.matcher(get(port, "/actuator/prometheus"));
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    private String get(int port, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private static Map<Path, FileTime> storedFiles(Path dataDir) throws IOException {
        Map<Path, FileTime> files = new HashMap<>();
        try (Stream<Path> walk = Files.walk(dataDir.resolve("storage").resolve("packages"))) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                files.put(p, Files.getLastModifiedTime(p));
            }
        }
        return files;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
