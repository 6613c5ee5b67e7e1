package dev.landfall.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Runs the real uv client (pinned in {@link PythonClients}) against an index, as end-to-end tests drive real
 * clients. uv keeps no cookies between the requests of a run, so it is the client that cookie-less run
 * stickiness is for. No call reads a user's configuration, {@code pip install} none at all ({@code --no-config}),
 * none downloads a
 * Python ({@code UV_PYTHON_DOWNLOADS=never}) and uses the given cache directory (fresh per instance unless
 * shared on purpose, to test answers to a warm cache's revalidations).
 *
 * <pre>
 * Uv uv = new Uv(Files.createTempDirectory("uv-cache"));
 * Pip.Result r = uv.pipInstall(indexServerUrl + "/simple/", "alpha==1.0");
 * Uv.Output lock = uv.lock(projectDirectoryWithPyprojectToml);
 * </pre>
 */
public final class Uv {

    private final String uv;
    private final Path cacheDir;
    private final Duration timeout;

    /** The pinned uv with its cache in {@code cacheDir}. */
    public Uv(Path cacheDir) {
        this(PythonClients.executable("uv"), cacheDir, Pip.DEFAULT_TIMEOUT);
    }

    public Uv(String uv, Path cacheDir, Duration timeout) {
        this.uv = uv;
        this.cacheDir = cacheDir;
        this.timeout = timeout;
    }

    /** What {@code uv --version} prints, e.g. {@code uv 0.13.9 (…)}. */
    public String version() {
        return PythonClients.versionOf(List.of(uv, "--version"));
    }

    /** The exit code and interleaved stdout/stderr of one uv command; exit -1 if it was killed after the timeout. */
    public record Output(int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    /**
     * {@code uv pip install --target <fresh dir> --index-url <url> --only-binary :all:} for the tests' Python, so the
     * outcome depends on nothing but the index; the result has the same shape as {@link Pip.Result}.
     */
    public Pip.Result pipInstall(String indexUrl, String... requirements) throws IOException, InterruptedException {
        Path target = Files.createTempDirectory("landfall-uv-");
        List<String> command = new ArrayList<>(List.of(uv, "pip", "install", "--no-config", "--no-progress",
                "--python", PythonClients.python(), "--target", target.toString(), "--index-url", indexUrl,
                "--only-binary", ":all:"));
        command.addAll(List.of(requirements));
        Output out = run(command, null);
        return new Pip.Result(out.exitCode(), out.output(), Pip.installedIn(target), target, out.exitCode() == -1);
    }

    /** {@code uv lock} in {@code project} (a directory with a {@code pyproject.toml}); the lock file is {@code uv.lock}. */
    public Output lock(Path project) throws IOException, InterruptedException {
        // Not --no-config: that would also skip the project's own [[tool.uv.index]] settings.
        return run(List.of(uv, "lock", "--no-progress", "--python", PythonClients.python()), project);
    }

    private Output run(List<String> command, @Nullable Path directory) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().put("UV_CACHE_DIR", cacheDir.toString());
        builder.environment().put("UV_PYTHON_DOWNLOADS", "never");
        builder.environment().put("XDG_CONFIG_HOME", cacheDir.resolve("no-user-config").toString());   // no user uv.toml
        builder.environment().put("NO_COLOR", "1");
        builder.environment().remove("UV_INDEX_URL");
        builder.environment().remove("UV_DEFAULT_INDEX");
        ClientProcess.Outcome run = ClientProcess.run(builder, timeout, "uv");
        return new Output(run.exitCode(), run.output());
    }

    /** Removes a directory tree (a target or cache directory). */
    public static void delete(Path root) throws IOException {
        Pip.deleteRecursively(root);
    }
}
