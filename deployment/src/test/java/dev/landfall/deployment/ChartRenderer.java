package dev.landfall.deployment;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Renders and lints helm/landfall with helm-java (helm as a native library, no binary needed). */
final class ChartRenderer {

    static final String RELEASE = "landfall";
    static final String NAMESPACE = "mirror";

    private ChartRenderer() {
    }

    static Path productionValues() {
        return RepositoryFiles.chart().resolve("ci/production-values.yaml");
    }

    /** A stand-in annotation key: helm renders the document like any other, see {@link #template}. */
    private static final String UNHOOKED = "landfall.test/unhooked-hook:";
    private static final String HOOK = "helm.sh/hook:";

    /**
     * Renders the chart like {@code helm template}, hooks included. helm-java returns only the
     * release manifest, without hook resources (the migration Job, the credentials Secret), so a
     * copy of the chart is rendered in which the {@code helm.sh/hook} annotation key is renamed;
     * the original key is put back in the output.
     */
    static String template(@Nullable Path valuesFile, Path workDir) {
        Path copy = workDir.resolve("unhooked/landfall");
        copyTree(RepositoryFiles.chart(), copy);
        try (Stream<Path> templates = Files.list(copy.resolve("templates"))) {
            for (Path t : templates.toList()) {
                Files.writeString(t, Files.readString(t).replace(HOOK, UNHOOKED));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var command = new Helm(copy).template().withName(RELEASE).withNamespace(NAMESPACE);
        if (valuesFile != null) {
            command = command.withValuesFile(valuesFile);
        }
        return command.call().replace(UNHOOKED, HOOK);
    }

    /**
     * helm-java's lint takes no values file, so the chart is copied and its values.yaml replaced by
     * the defaults deep-merged with {@code valuesFile} (what helm does with -f).
     */
    static LintResult lint(@Nullable Path valuesFile, Path workDir) {
        if (valuesFile == null) {
            return new Helm(RepositoryFiles.chart()).lint().strict().call();
        }
        Path copy = workDir.resolve("landfall");
        copyTree(RepositoryFiles.chart(), copy);
        YAMLMapper yaml = new YAMLMapper();
        try {
            JsonNode defaults = yaml.readTree(Files.readString(RepositoryFiles.chart().resolve("values.yaml")));
            JsonNode overrides = yaml.readTree(Files.readString(valuesFile));
            Files.writeString(copy.resolve("values.yaml"), yaml.writeValueAsString(merge(defaults.deepCopy(), overrides)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Helm(copy).lint().strict().call();
    }

    private static JsonNode merge(JsonNode base, JsonNode overrides) {
        if (!(base instanceof ObjectNode target) || !overrides.isObject()) {
            return overrides;
        }
        overrides.properties().forEach(e -> {
            JsonNode existing = target.get(e.getKey());
            target.set(e.getKey(), existing == null ? e.getValue() : merge(existing, e.getValue()));
        });
        return target;
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
