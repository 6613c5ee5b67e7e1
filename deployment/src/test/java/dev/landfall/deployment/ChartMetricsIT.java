package dev.landfall.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Every metric the chart's Grafana dashboard and PrometheusRule name exists in the services' real
 * {@code /actuator/prometheus}, so renaming a metric fails the build instead of silently blanking a
 * panel or muting an alert. The services run as the standalone jar (all four in one JVM, the demo
 * upstream built in), scraped once a snapshot is served.
 */
class ChartMetricsIT {

    private static final Path JAR = RepositoryFiles.root().resolve("standalone/target/landfall.jar");
    private static final Pattern SNAPSHOT = Pattern.compile("\"snapshot\":(\\d+)");
    /** The negative control's rule: a metric no service exposes. */
    private static final String MADE_UP = "landfall_made_up_metric_total";

    private static final HttpClient http = HttpClient.newHttpClient();
    private static Process process;
    private static Path log;
    private static String scrape;
    private static List<JsonNode> rendered;

    @BeforeAll
    static void scrapeTheServicesAndRenderTheChart(@TempDir Path work) throws Exception {
        assertThat(JAR).as("the standalone jar is built by the reactor before this module's integration tests").exists();
        int port = freePort();
        log = work.resolve("standalone.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-Xmx768m", "-jar", JAR.toString(), "--demo", "--demo-projects=30", "--demo-churn=2",
                "--data-dir=" + work.resolve("data"), "--port=" + port, "--kafka-port=" + freePort())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(() -> {
                    assertThat(process.isAlive()).as("standalone alive; log:%n%s", tail()).isTrue();
                    Matcher m = SNAPSHOT.matcher(get(port, "/status.json"));
                    assertThat(m.find() && Long.parseLong(m.group(1)) > 0).as("a snapshot is served").isTrue();
                });
        scrape = get(port, "/actuator/prometheus");
        rendered = KubernetesManifests.parse(ChartRenderer.template(valuesWithMadeUpRule(work), work.resolve("render")));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void everyMetricTheDashboardNamesIsExposed() {
        List<String> exprs = ChartMetrics.dashboardExpressions(rendered);
        assertThat(exprs).hasSizeGreaterThan(10);
        Set<String> named = ChartMetrics.metricNames(exprs);
        assertThat(ChartMetrics.missing(named, ChartMetrics.exposed(scrape))).as("dashboard metrics missing from /actuator/prometheus").isEmpty();
    }

    @Test
    void everyMetricTheAlertsNameIsExposedExceptTheMadeUpOne() {
        List<String> exprs = ChartMetrics.ruleExpressions(rendered);
        Set<String> named = ChartMetrics.metricNames(exprs);
        assertThat(named).contains("landfall_index_snapshot_serial", "landfall_index_lag_seconds", "landfall_fetcher_dead_letters_total",
                "landfall_fetcher_retries_scheduled_total", "landfall_storage_errors_total");
        // Negative control: the rule added through prometheusRule.additionalRules names a metric nobody exposes.
        assertThat(ChartMetrics.missing(named, ChartMetrics.exposed(scrape))).containsExactly(MADE_UP);
    }

    /** production-values.yaml (dashboard and rules on) plus one extra rule on a metric that does not exist. */
    private static Path valuesWithMadeUpRule(Path work) throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode values = (ObjectNode) yaml.readTree(Files.readString(ChartRenderer.productionValues()));
        ObjectNode rule = yaml.createObjectNode().put("alert", "MadeUp").put("expr", "sum(rate(" + MADE_UP + "[5m])) > 0");
        ((ObjectNode) values.path("prometheusRule")).putArray("additionalRules").add(rule);
        Path file = work.resolve("values-with-made-up-rule.yaml");
        Files.writeString(file, yaml.writeValueAsString(values));
        return file;
    }

    private static String get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String tail() {
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(log));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
