package dev.landfall.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docker/: images on the Temurin 21 JRE, running as a fixed non-root user. */
class DockerfileTest {

    @Test
    void imagesRunAsANumericNonRootUserOnTemurin21() throws IOException {
        for (String name : List.of("service.Dockerfile", "simulator.Dockerfile")) {
            List<String> lines = Files.readAllLines(RepositoryFiles.root().resolve("docker").resolve(name));
            assertThat(lines).as(name).anyMatch(l -> l.equals("FROM eclipse-temurin:21-jre"));
            String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
            // Numeric, so Kubernetes' runAsNonRoot can check it; must match the chart's runAsUser.
            assertThat(user).isEqualTo("USER 10001:10001");
        }
    }

    @Test
    void serviceImageRunsTheModulesExecutableJar() throws IOException {
        String dockerfile = Files.readString(RepositoryFiles.root().resolve("docker/service.Dockerfile"));
        assertThat(dockerfile).contains("COPY --chown=0:0 --chmod=0444 ${MODULE}/target/${MODULE}-exec.jar /app/app.jar");
        assertThat(dockerfile).contains("\"-jar\", \"/app/app.jar\"");
        assertThat(dockerfile).as("compose health checks call curl").contains("install -y --no-install-recommends curl");
    }

    @Test
    void theBuildContextSendsEveryServiceComposeBuilds() throws IOException {
        String ignore = Files.readString(RepositoryFiles.root().resolve("docker/service.Dockerfile.dockerignore"));
        ComposeFile.read(RepositoryFiles.composeFile()).moduleServices().values().forEach(module ->
                assertThat(ignore).as(module).contains("!" + module + "/target/" + module + "-exec.jar"));
    }
}
