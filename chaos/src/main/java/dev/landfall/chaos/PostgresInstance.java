package dev.landfall.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL instance of its own: {@code initdb} into a temporary directory, {@code pg_ctl} on a free
 * port (never the machine's shared server). initdb refuses root, so as root the cluster belongs to the
 * {@code postgres} user and every command runs through {@code runuser -u postgres --}.
 */
final class PostgresInstance {

    private static final Path BIN = Path.of(System.getProperty("chaos.pg.bin", "/usr/lib/postgresql/15/bin"));

    private final Path dir;
    private final Path log;
    private final Path runLog;
    private final int port;
    private final boolean asPostgresUser;
    private int stops;

    PostgresInstance(Path runDir) throws IOException, InterruptedException {
        this.asPostgresUser = "root".equals(System.getProperty("user.name"));
        this.dir = Files.createTempDirectory("landfall-chaos-pg");
        // The server log lives in the cluster's directory (the postgres user may not traverse the run directory).
        this.log = dir.resolve("server.log");
        this.runLog = runDir.resolve("postgres.log");
        this.port = Ports.free();
        if (asPostgresUser) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
        }
        run(List.of(BIN.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres", "-A", "trust",
                "--no-sync", "-E", "UTF8"), true);
        Files.writeString(dir.resolve("data").resolve("postgresql.conf"), """

                listen_addresses = '127.0.0.1'
                port = %d
                unix_socket_directories = '%s'
                max_connections = 200
                shared_buffers = 64MB
                fsync = off
                synchronous_commit = off
                full_page_writes = off
                """.formatted(port, dir), java.nio.file.StandardOpenOption.APPEND);
    }

    int port() {
        return port;
    }

    String jdbcUrl(int viaPort, String database) {
        return "jdbc:postgresql://127.0.0.1:" + viaPort + "/" + database;
    }

    void start() throws IOException, InterruptedException {
        run(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", log.toString(),
                "-w", "-t", "60", "start"), true);
    }

    /** Stops the server; every second stop is an immediate (crash-like) shutdown. */
    void stop() throws IOException, InterruptedException {
        String mode = (stops++ % 2 == 0) ? "fast" : "immediate";
        run(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", mode, "-w", "-t", "60", "stop"), true);
    }

    void createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(port, "postgres"), "postgres", "");
             var s = c.createStatement()) {
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
        try {
            run(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"), true);
        } catch (IOException | RuntimeException | InterruptedException e) {
            // already stopped
        }
        try {
            Files.copy(log, runLog, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // no server log: nothing to keep
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; leaving it behind is harmless
        }
    }

    private void run(List<String> command, boolean asOwner) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asOwner && asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + " failed: " + new String(out));
        }
    }
}
