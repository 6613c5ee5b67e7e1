package dev.landfall.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** docker-compose.yml read as a tree, with the few accessors the tests need. */
record ComposeFile(JsonNode root) {

    static ComposeFile read(Path file) {
        try {
            return new ComposeFile(new YAMLMapper().readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode service(String name) {
        JsonNode s = root.path("services").path(name);
        if (s.isMissingNode()) {
            throw new AssertionError("compose file has no service " + name);
        }
        return s;
    }

    /** Services built from a Landfall module (docker/service.Dockerfile with build arg MODULE), by module. */
    Map<String, String> moduleServices() {
        Map<String, String> modules = new LinkedHashMap<>();
        root.path("services").properties().forEach(e -> {
            String module = e.getValue().path("build").path("args").path("MODULE").asString("");
            if (!module.isEmpty()) {
                modules.put(e.getKey(), module);
            }
        });
        return modules;
    }

    /** Environment of a service; Compose allows a map or a list of NAME=value. */
    static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode node = service.path("environment");
        if (node.isObject()) {
            node.properties().forEach(e -> env.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asString()));
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                String s = item.asString();
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            }
        }
        return env;
    }
}
