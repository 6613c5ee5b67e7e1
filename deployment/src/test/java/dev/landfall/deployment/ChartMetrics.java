package dev.landfall.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The PromQL the rendered chart ships (Grafana dashboard ConfigMaps, PrometheusRules) and the metrics it names. */
final class ChartMetrics {

    private static final Pattern SAMPLE_NAME = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{| )");

    private ChartMetrics() {
    }

    /** Every {@code expr} of every panel target in the dashboards of the rendered chart. */
    static List<String> dashboardExpressions(List<JsonNode> docs) {
        List<String> exprs = new ArrayList<>();
        for (JsonNode d : docs) {
            if (!d.path("kind").asString("").equals("ConfigMap") || !d.path("metadata").path("labels").has("grafana_dashboard")) {
                continue;
            }
            for (JsonNode json : d.path("data")) {
                JsonNode dashboard = JsonMapper.builder().build().readTree(json.asString());
                for (JsonNode panel : dashboard.path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        exprs.add(target.path("expr").asString());
                    }
                }
            }
        }
        return exprs;
    }

    /** Every rule {@code expr} of every PrometheusRule in the rendered chart. */
    static List<String> ruleExpressions(List<JsonNode> docs) {
        List<String> exprs = new ArrayList<>();
        for (JsonNode d : docs) {
            if (d.path("kind").asString("").equals("PrometheusRule")) {
                for (JsonNode group : d.path("spec").path("groups")) {
                    for (JsonNode rule : group.path("rules")) {
                        exprs.add(rule.path("expr").asString());
                    }
                }
            }
        }
        return exprs;
    }

    static Set<String> metricNames(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        expressions.forEach(e -> names.addAll(PromQl.metricNames(e)));
        return names;
    }

    /** The sample names of a Prometheus text exposition ({@code /actuator/prometheus}). */
    static Set<String> exposed(String scrape) {
        Set<String> names = new TreeSet<>();
        Matcher m = SAMPLE_NAME.matcher(scrape);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Names the chart reads that no service exposes: a renamed or misspelt metric. */
    static Set<String> missing(Set<String> named, Set<String> exposed) {
        Set<String> missing = new TreeSet<>(named);
        missing.removeAll(exposed);
        return missing;
    }
}
