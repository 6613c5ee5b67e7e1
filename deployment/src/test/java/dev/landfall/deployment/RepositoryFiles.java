package dev.landfall.deployment;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository's files; surefire runs the tests from the module directory. */
final class RepositoryFiles {

    private RepositoryFiles() {
    }

    static Path root() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("deployment"))) {
            throw new IllegalStateException("tests must run from the deployment module directory, root guess: " + root);
        }
        return root;
    }

    static Path composeFile() {
        return root().resolve("docker-compose.yml");
    }

    static Path chart() {
        return root().resolve("helm/landfall");
    }

    /** The Compose Specification schema, vendored under src/test/resources/schemas (see its README). */
    static Path composeSchema() {
        Path schema = root().resolve("deployment/src/test/resources/schemas/compose-spec.json").normalize();
        if (!Files.isRegularFile(schema)) {
            throw new IllegalStateException("Compose schema not found at " + schema);
        }
        return schema;
    }
}
