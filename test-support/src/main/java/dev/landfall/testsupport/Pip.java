package dev.landfall.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs the real pip client against an index (end-to-end tests drive real clients):
 * {@code python3 -m pip install --isolated --no-cache-dir --disable-pip-version-check --only-binary :all:
 * --index-url <url> --target <fresh dir> <requirements>}. Binary-only and isolated so the result depends
 * on nothing but the index. {@code new Pip()} is the current pip pinned in the tests' virtual environment
 * ({@link PythonClients}); {@link #machine()} is the older pip of the machine's {@code python3}, because a
 * mirror must serve both.
 *
 * <pre>
 * Pip.Result r = new Pip().install(indexServerUrl + "/simple/", "alpha==1.0", "beta");
 * assertThat(r.exitCode()).as(r.output()).isZero();
 * assertThat(r.installed()).containsEntry("alpha", "1.0");
 * </pre>
 */
public final class Pip {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

    private final String python;
    private final Duration timeout;

    /** The current pip, pinned in the tests' virtual environment. */
    public Pip() {
        this(PythonClients.python(), DEFAULT_TIMEOUT);
    }

    /** The pip of the machine's {@code python3} (an older release than {@link #Pip()}). */
    public static Pip machine() {
        return new Pip("python3", DEFAULT_TIMEOUT);
    }

    /** What {@code pip --version} prints, e.g. {@code pip 26.3 from … (python 3.11)}. */
    public String version() {
        return PythonClients.versionOf(List.of(python, "-m", "pip", "--version"));
    }

    public Pip(String python, Duration timeout) {
        this.python = python;
        this.timeout = timeout;
    }

    public Pip withTimeout(Duration newTimeout) {
        return new Pip(python, newTimeout);
    }

    /**
     * The outcome of one {@code pip install}.
     *
     * @param exitCode  pip's exit code; -1 if it was killed after the timeout
     * @param output    stdout and stderr, interleaved
     * @param installed normalized project name (PEP 503) → version, read from {@code *.dist-info/METADATA}
     * @param target    the {@code --target} directory (deleted by {@link #deleteTarget()})
     * @param timedOut  true if pip was killed after the timeout
     */
    public record Result(int exitCode, String output, SortedMap<String, String> installed, Path target, boolean timedOut) {

        public boolean succeeded() {
            return exitCode == 0 && !timedOut;
        }

        public void deleteTarget() throws IOException {
            deleteRecursively(target);
        }
    }

    /** Installs {@code requirements} into a fresh temporary directory from {@code indexUrl} (e.g. {@code http://127.0.0.1:8080/simple/}). */
    public Result install(String indexUrl, String... requirements) throws IOException, InterruptedException {
        return install(indexUrl, List.of(requirements), List.of());
    }

    /** Like {@link #install(String, String...)} with extra pip arguments (e.g. {@code --no-deps}, {@code --pre}). */
    public Result install(String indexUrl, List<String> requirements, List<String> extraArgs) throws IOException, InterruptedException {
        if (requirements.isEmpty()) {
            throw new IllegalArgumentException("no requirements to install");
        }
        Path target = Files.createTempDirectory("landfall-pip-");
        List<String> command = new ArrayList<>(List.of(python, "-m", "pip", "install", "--isolated", "--no-cache-dir",
                "--disable-pip-version-check", "--no-input", "--progress-bar", "off", "--only-binary", ":all:",
                "--index-url", indexUrl, "--target", target.toString()));
        command.addAll(extraArgs);
        command.addAll(requirements);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        ClientProcess.Outcome run = ClientProcess.run(builder, timeout, "pip");
        return new Result(run.exitCode(), run.output(), installedIn(target), target, run.timedOut());
    }

    /** Normalized name → version of every distribution in a {@code --target} directory. */
    static SortedMap<String, String> installedIn(Path target) throws IOException {
        SortedMap<String, String> installed = new TreeMap<>();
        if (!Files.isDirectory(target)) {
            return installed;
        }
        try (Stream<Path> entries = Files.list(target)) {
            for (Path distInfo : (Iterable<Path>) entries.filter(p -> p.getFileName().toString().endsWith(".dist-info"))::iterator) {
                Map.Entry<String, String> nameVersion = readMetadata(distInfo);
                installed.put(nameVersion.getKey(), nameVersion.getValue());
            }
        }
        return installed;
    }

    private static Map.Entry<String, String> readMetadata(Path distInfo) throws IOException {
        String name = null;
        String version = null;
        Path metadata = distInfo.resolve("METADATA");
        if (Files.exists(metadata)) {
            for (String line : Files.readAllLines(metadata, StandardCharsets.UTF_8)) {
                if (line.isEmpty()) {
                    break; // end of the RFC 822 headers
                }
                if (name == null && line.startsWith("Name:")) {
                    name = line.substring(5).trim();
                } else if (version == null && line.startsWith("Version:")) {
                    version = line.substring(8).trim();
                }
            }
        }
        if (name == null || version == null) {
            // <name>-<version>.dist-info, with the name's separators escaped to '_' (wheel spec)
            String dir = distInfo.getFileName().toString();
            dir = dir.substring(0, dir.length() - ".dist-info".length());
            int dash = dir.lastIndexOf('-');
            name = dash < 0 ? dir : dir.substring(0, dash);
            version = dash < 0 ? "" : dir.substring(dash + 1);
        }
        return Map.entry(name.replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT), version);
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted((a, b) -> b.getNameCount() - a.getNameCount())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
