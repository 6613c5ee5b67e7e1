package dev.landfall.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Runs a client (pip, uv) to completion or a timeout, collecting stdout and stderr interleaved. */
final class ClientProcess {

    /** @param exitCode the client's exit code; -1 if it was killed after the timeout */
    record Outcome(int exitCode, String output, boolean timedOut) {
    }

    private ClientProcess() {
    }

    static Outcome run(ProcessBuilder builder, Duration timeout, String name) throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread pump = new Thread(() -> copy(process.getInputStream(), out), name + "-output");
        pump.setDaemon(true);
        pump.start();
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        pump.join(TimeUnit.SECONDS.toMillis(10));
        synchronized (out) {
            return new Outcome(finished ? process.exitValue() : -1, out.toString(StandardCharsets.UTF_8), !finished);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // the stream closes abruptly when the client is killed after the timeout; the outcome says timedOut
        }
    }
}
