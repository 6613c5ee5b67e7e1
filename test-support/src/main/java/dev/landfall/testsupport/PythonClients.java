package dev.landfall.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The virtual environment with the Python clients the end-to-end tests drive (current pip, uv, twine),
 * pinned in {@code python-clients.txt} beside this class. {@code .ci/run} creates it; if it is missing
 * or its pins differ, the first test that asks creates it (needs {@code python3} with {@code venv} and
 * a reachable package index). Location: {@code LANDFALL_TEST_VENV}, default
 * {@code ~/.cache/landfall/test-venv}. The stamp file {@code landfall-clients.txt} inside it is a copy
 * of the pins it was built from.
 */
public final class PythonClients {

    static final String REQUIREMENTS = "python-clients.txt";
    static final String STAMP = "landfall-clients.txt";
    private static final Object LOCK = new Object();

    private PythonClients() {
    }

    /** The environment's directory, created or brought up to date on the first call in this JVM. */
    public static Path venv() {
        synchronized (LOCK) {
            Path dir = location();
            try {
                ensure(dir, requirements());
            } catch (IOException e) {
                throw new UncheckedIOException("could not create the test clients' virtual environment in " + dir
                        + " (python3 -m venv, then pip install -r " + REQUIREMENTS + ")", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating " + dir, e);
            }
            return dir;
        }
    }

    /** The environment's Python interpreter (its pip is the pinned current pip). */
    public static String python() {
        return venv().resolve("bin").resolve("python").toString();
    }

    /** An executable installed in the environment, e.g. {@code uv} or {@code twine}. */
    public static String executable(String name) {
        return venv().resolve("bin").resolve(name).toString();
    }

    static Path location() {
        String configured = System.getenv("LANDFALL_TEST_VENV");
        return configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "landfall", "test-venv");
    }

    static String requirements() {
        try (InputStream in = Objects.requireNonNull(PythonClients.class.getResourceAsStream(REQUIREMENTS), REQUIREMENTS)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void ensure(Path dir, String requirements) throws IOException, InterruptedException {
        if (upToDate(dir, requirements)) {
            return;
        }
        Files.createDirectories(dir.getParent());
        // Several test JVMs (surefire and failsafe forks) may race to build it: one builds, the others wait.
        try (FileChannel lockFile = FileChannel.open(dir.resolveSibling(dir.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            if (upToDate(dir, requirements)) {
                return;
            }
            Path pins = Files.createTempFile("landfall-python-clients", ".txt");
            try {
                Files.writeString(pins, requirements);
                run(List.of("python3", "-m", "venv", "--clear", dir.toString()));
                run(List.of(dir.resolve("bin/python").toString(), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", "-r", pins.toString()));
                Files.writeString(dir.resolve(STAMP), requirements);
            } finally {
                Files.deleteIfExists(pins);
            }
        }
    }

    private static boolean upToDate(Path dir, String requirements) throws IOException {
        Path stamp = dir.resolve(STAMP);
        return Files.isExecutable(dir.resolve("bin/python")) && Files.exists(stamp) && Files.readString(stamp).equals(requirements);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
    }

    /** The version a client prints for {@code --version}, e.g. {@code pip 26.3 from …}. */
    public static String versionOf(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(1, TimeUnit.MINUTES);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    static @Nullable String pinnedVersion(String project) {
        for (String line : requirements().split("\n")) {
            if (line.startsWith(project + "==")) {
                return line.substring(project.length() + 2).trim();
            }
        }
        return null;
    }
}
