package dev.landfall.deployment;

import io.kubernetes.client.openapi.JSON;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Multi-document YAML as rendered by helm, each document validated against the official Kubernetes
 * client's models ({@code JSON.deserialize} rejects unknown fields, missing required ones, wrong types
 * and bad quantities). Custom resources unknown to those models are checked structurally.
 */
final class KubernetesManifests {

    /** CRD kinds the chart may render, with the spec fields they must have. */
    private static final Map<String, Set<String>> CUSTOM_KINDS = Map.of(
            "monitoring.coreos.com/v1/ServiceMonitor", Set.of("selector", "endpoints"));
    private static final Set<String> SERVICE_MONITOR_FIELDS = Set.of(
            "selector", "endpoints", "namespaceSelector", "jobLabel", "targetLabels", "podTargetLabels",
            "sampleLimit", "attachMetadata");
    private static final Set<String> SERVICE_MONITOR_ENDPOINT_FIELDS = Set.of(
            "port", "targetPort", "path", "scheme", "interval", "scrapeTimeout", "params", "honorLabels",
            "honorTimestamps", "relabelings", "metricRelabelings", "tlsConfig", "bearerTokenSecret",
            "authorization", "basicAuth", "oauth2", "followRedirects", "enableHttp2", "proxyUrl");

    private static final Set<String> PROMETHEUS_RULE_FIELDS = Set.of(
            "alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations");

    private KubernetesManifests() {
    }

    static List<JsonNode> parse(String yaml) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && !d.isNull() && !d.isEmpty()) { // helm's empty documents
                    docs.add(d);
                }
            }
        }
        return docs;
    }

    /** Throws an {@link AssertionError} naming the document if it is not a valid Kubernetes object. */
    static void validate(JsonNode d) {
        String apiVersion = d.path("apiVersion").asString("");
        String kind = d.path("kind").asString("");
        String id = apiVersion + "/" + kind + " " + d.path("metadata").path("name").asString("<no name>");
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            throw new AssertionError("document without apiVersion/kind: " + d);
        }
        if (d.path("metadata").path("name").asString("").isEmpty()) {
            throw new AssertionError(id + ": metadata.name missing");
        }
        if (apiVersion.equals("monitoring.coreos.com/v1") && kind.equals("ServiceMonitor")) {
            validateServiceMonitor(id, d);
            return;
        }
        if (apiVersion.equals("monitoring.coreos.com/v1") && kind.equals("PrometheusRule")) {
            validatePrometheusRule(id, d);
            return;
        }
        String version = apiVersion.substring(apiVersion.lastIndexOf('/') + 1);
        String className = "io.kubernetes.client.openapi.models."
                + Character.toUpperCase(version.charAt(0)) + version.substring(1) + kind;
        Class<?> model;
        try {
            model = Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(id + ": unknown kind or removed apiVersion (no " + className + ")");
        }
        try {
            JSON.deserialize(d.toString(), model);
        } catch (RuntimeException e) {
            throw new AssertionError(id + ": " + e.getMessage(), e);
        }
    }

    /** monitoring.coreos.com/v1 is not in client-java-api: check the fields we use by hand. */
    private static void validateServiceMonitor(String id, JsonNode d) {
        JsonNode spec = d.path("spec");
        for (String required : CUSTOM_KINDS.get("monitoring.coreos.com/v1/ServiceMonitor")) {
            if (spec.path(required).isMissingNode()) {
                throw new AssertionError(id + ": spec." + required + " missing");
            }
        }
        for (String field : spec.propertyNames()) {
            if (!SERVICE_MONITOR_FIELDS.contains(field)) {
                throw new AssertionError(id + ": unknown field spec." + field);
            }
        }
        if (!spec.path("endpoints").isArray() || spec.path("endpoints").isEmpty()) {
            throw new AssertionError(id + ": spec.endpoints must be a non-empty list");
        }
        for (JsonNode endpoint : spec.path("endpoints")) {
            for (String field : endpoint.propertyNames()) {
                if (!SERVICE_MONITOR_ENDPOINT_FIELDS.contains(field)) {
                    throw new AssertionError(id + ": unknown endpoint field " + field);
                }
            }
            if (!endpoint.path("port").isString() && !endpoint.path("targetPort").isValueNode()) {
                throw new AssertionError(id + ": endpoint needs a named port");
            }
        }
        if (!spec.path("selector").path("matchLabels").isObject() || spec.path("selector").path("matchLabels").isEmpty()) {
            throw new AssertionError(id + ": spec.selector.matchLabels must select something");
        }
    }

    /** A rule group needs a name and rules; a rule is an alert or a recording rule with an expression, and nothing else. */
    private static void validatePrometheusRule(String id, JsonNode d) {
        JsonNode groups = d.path("spec").path("groups");
        if (!groups.isArray() || groups.isEmpty()) {
            throw new AssertionError(id + ": spec.groups must be a non-empty list");
        }
        for (JsonNode group : groups) {
            if (group.path("name").asString("").isEmpty() || !group.path("rules").isArray() || group.path("rules").isEmpty()) {
                throw new AssertionError(id + ": every group needs a name and rules");
            }
            for (JsonNode rule : group.path("rules")) {
                for (String field : rule.propertyNames()) {
                    if (!PROMETHEUS_RULE_FIELDS.contains(field)) {
                        throw new AssertionError(id + ": unknown rule field " + field);
                    }
                }
                if (rule.path("alert").isMissingNode() == rule.path("record").isMissingNode()) {
                    throw new AssertionError(id + ": a rule is either an alert or a record: " + rule);
                }
                if (!rule.path("expr").isString() || rule.path("expr").asString().isBlank()) {
                    throw new AssertionError(id + ": rule without expr: " + rule);
                }
            }
        }
    }
}
