package dev.landfall.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** helm/landfall: lints strictly and renders valid, hardened Kubernetes objects for both value sets. */
class HelmChartTest {

    private static final Set<String> MODULES = Set.of("changelog-poller", "fetcher-service", "index-server", "admin-server");

    private static List<JsonNode> defaults;
    private static List<JsonNode> production;

    @BeforeAll
    static void render(@TempDir Path work) {
        defaults = KubernetesManifests.parse(ChartRenderer.template(null, work.resolve("defaults")));
        production = KubernetesManifests.parse(
                ChartRenderer.template(ChartRenderer.productionValues(), work.resolve("production")));
    }

    static Stream<Arguments> valueSets() {
        return Stream.of(Arguments.of("default values"), Arguments.of("production values"));
    }

    private static List<JsonNode> docs(String valueSet) {
        return valueSet.equals("default values") ? defaults : production;
    }

    private static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> d.path("kind").asString("").equals(kind)).toList();
    }

    private static JsonNode named(List<JsonNode> docs, String kind, String name) {
        return ofKind(docs, kind).stream().filter(d -> d.path("metadata").path("name").asString().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static Map<String, String> labels(JsonNode labels) {
        Map<String, String> map = new HashMap<>();
        labels.properties().forEach(e -> map.put(e.getKey(), e.getValue().asString()));
        return map;
    }

    @Test
    void lintsStrictlyWithDefaultValues(@TempDir Path work) {
        LintResult result = ChartRenderer.lint(null, work);
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void lintsStrictlyWithProductionValues(@TempDir Path work) {
        LintResult result = ChartRenderer.lint(ChartRenderer.productionValues(), work);
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyDocumentIsAValidKubernetesObject(String valueSet) {
        assertThat(docs(valueSet)).isNotEmpty();
        docs(valueSet).forEach(KubernetesManifests::validate);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyDeploymentIsProbedBoundedAndHardened(String valueSet) {
        List<JsonNode> deployments = ofKind(docs(valueSet), "Deployment");
        assertThat(deployments).hasSize(4);
        for (JsonNode d : deployments) {
            String name = d.path("metadata").path("name").asString();
            JsonNode pod = d.path("spec").path("template").path("spec");
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as(name).isTrue();
            assertThat(pod.path("securityContext").path("seccompProfile").path("type").asString()).as(name)
                    .isEqualTo("RuntimeDefault");
            for (JsonNode c : pod.path("containers")) {
                assertThat(c.path("livenessProbe").path("httpGet").path("path").asString()).as(name)
                        .isEqualTo("/actuator/health/liveness");
                assertThat(c.path("readinessProbe").path("httpGet").path("path").asString()).as(name)
                        .isEqualTo("/actuator/health/readiness");
                assertThat(c.path("resources").path("requests").path("memory").isMissingNode()).as(name).isFalse();
                assertThat(c.path("resources").path("limits").path("memory").isMissingNode()).as(name).isFalse();
                JsonNode sc = c.path("securityContext");
                assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).as(name).isTrue();
                assertThat(sc.path("runAsNonRoot").asBoolean()).as(name).isTrue();
                assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).as(name).isFalse();
                assertThat(sc.path("capabilities").path("drop").toString()).as(name).contains("\"ALL\"");
                assertThat(c.path("volumeMounts").toString()).as(name + ": writable /tmp").contains("\"/tmp\"");
            }
            assertThat(pod.path("volumes").toString()).as(name).contains("emptyDir");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void selectorsMatchThePodsTheyMean(String valueSet) {
        List<JsonNode> docs = docs(valueSet);
        List<Map<String, String>> podLabels = new ArrayList<>();
        for (JsonNode d : ofKind(docs, "Deployment")) {
            Map<String, String> selector = labels(d.path("spec").path("selector").path("matchLabels"));
            Map<String, String> pod = labels(d.path("spec").path("template").path("metadata").path("labels"));
            assertThat(selector).as(d.path("metadata").path("name").asString()).isNotEmpty();
            assertThat(pod).containsAllEntriesOf(selector);
            podLabels.add(pod);
        }
        // Each Service and PodDisruptionBudget selects the pods of exactly one Deployment.
        for (JsonNode s : ofKind(docs, "Service")) {
            Map<String, String> selector = labels(s.path("spec").path("selector"));
            assertThat(podLabels.stream().filter(p -> p.entrySet().containsAll(selector.entrySet())))
                    .as(s.path("metadata").path("name").asString()).hasSize(1);
        }
        for (JsonNode pdb : ofKind(docs, "PodDisruptionBudget")) {
            Map<String, String> selector = labels(pdb.path("spec").path("selector").path("matchLabels"));
            assertThat(podLabels.stream().filter(p -> p.entrySet().containsAll(selector.entrySet())))
                    .as(pdb.path("metadata").path("name").asString()).hasSize(1);
        }
        assertThat(ofKind(docs, "PodDisruptionBudget")).hasSize(4);
        for (JsonNode hpa : ofKind(docs, "HorizontalPodAutoscaler")) {
            named(docs, "Deployment", hpa.path("spec").path("scaleTargetRef").path("name").asString());
        }
        for (JsonNode ingress : ofKind(docs, "Ingress")) {
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                for (JsonNode path : rule.path("http").path("paths")) {
                    JsonNode service = path.path("backend").path("service");
                    JsonNode svc = named(docs, "Service", service.path("name").asString());
                    assertThat(svc.path("spec").path("ports").toString())
                            .contains("\"name\":\"" + service.path("port").path("name").asString() + "\"");
                }
            }
        }
        for (JsonNode sm : ofKind(docs, "ServiceMonitor")) {
            Map<String, String> selector = labels(sm.path("spec").path("selector").path("matchLabels"));
            assertThat(ofKind(docs, "Service")).allSatisfy(s ->
                    assertThat(labels(s.path("metadata").path("labels"))).containsAllEntriesOf(selector));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void migrationJobRunsBeforeInstallAndUpgrade(String valueSet) {
        List<JsonNode> jobs = ofKind(docs(valueSet), "Job");
        assertThat(jobs).hasSize(1);
        JsonNode job = jobs.get(0);
        String hooks = job.path("metadata").path("annotations").path("helm.sh/hook").asString();
        assertThat(hooks.split(",")).contains("pre-install", "pre-upgrade");
        JsonNode container = job.path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(container.path("command").toString())
                .contains("-Dloader.main=dev.landfall.common.migration.MigrateOnlyApplication", "PropertiesLauncher");
        assertThat(container.path("image").asString()).contains("index-server");
        assertThat(job.path("spec").path("template").path("spec").path("restartPolicy").asString()).isEqualTo("Never");
        // The services leave the schema to the Job.
        for (JsonNode cm : ofKind(docs(valueSet), "ConfigMap")) {
            if (cm.path("metadata").path("labels").has("grafana_dashboard")) {
                continue;   // the dashboard, not a service's environment
            }
            assertThat(cm.path("data").path("SPRING_FLYWAY_ENABLED").asString()).isEqualTo("false");
        }
    }

    @Test
    void chartManagedSecretExistsBeforeTheMigrationJobReadsIt() {
        JsonNode secret = ofKind(defaults, "Secret").get(0);
        JsonNode annotations = secret.path("metadata").path("annotations");
        assertThat(annotations.path("helm.sh/hook").asString()).contains("pre-install").contains("pre-upgrade");
        int secretWeight = Integer.parseInt(annotations.path("helm.sh/hook-weight").asString());
        int jobWeight = Integer.parseInt(ofKind(defaults, "Job").get(0).path("metadata").path("annotations")
                .path("helm.sh/hook-weight").asString());
        assertThat(secretWeight).isLessThan(jobWeight);
    }

    @Test
    void productionValuesScaleExposeMonitorAndUseExistingSecrets() {
        assertThat(named(production, "Deployment", "landfall-index-server").path("spec").path("replicas").asInt())
                .isEqualTo(3);
        assertThat(named(production, "Deployment", "landfall-fetcher-service").path("spec").has("replicas"))
                .as("the HPA owns the fetchers' replica count").isFalse();
        JsonNode hpa = ofKind(production, "HorizontalPodAutoscaler").get(0);
        assertThat(hpa.path("spec").path("metrics").get(0).path("type").asString()).isEqualTo("External");
        assertThat(ofKind(production, "Ingress")).hasSize(1);
        assertThat(ofKind(production, "ServiceMonitor")).hasSize(1);
        assertThat(ofKind(production, "PrometheusRule")).hasSize(1);
        JsonNode dashboard = named(production, "ConfigMap", "landfall-dashboard");
        assertThat(dashboard.path("metadata").path("labels").path("grafana_dashboard").asString()).isEqualTo("1");
        assertThat(ChartMetrics.dashboardExpressions(production)).isNotEmpty();
        assertThat(ofKind(production, "Secret")).as("everything comes from existing secrets").isEmpty();
        String all = production.toString();
        assertThat(all).contains("\"name\":\"landfall-database\"", "\"name\":\"landfall-s3\"");
        assertThat(all).doesNotContain("database-password");
    }

    /** README "Snapshot stickiness": a cookie-less run's requests reach one replica; the run settings reach the index server. */
    @Test
    void theIndexServiceKeepsAClientOnOneReplicaAndRunSettingsAreConfigurable(@TempDir Path work) throws Exception {
        JsonNode service = named(defaults, "Service", "landfall-index-server").path("spec");
        assertThat(service.path("sessionAffinity").asString()).isEqualTo("ClientIP");
        assertThat(service.path("sessionAffinityConfig").path("clientIP").path("timeoutSeconds").asInt()).isEqualTo(600);
        assertThat(named(defaults, "Service", "landfall-admin-server").path("spec").has("sessionAffinity")).isFalse();
        Path values = work.resolve("values.yaml");
        java.nio.file.Files.writeString(values, """
                index:
                  service:
                    sessionAffinity:
                      type: None
                  runIdleGap: 3s
                  trustedProxies: [10.0.0.0/8, fd00::/8]
                """);
        List<JsonNode> custom = KubernetesManifests.parse(ChartRenderer.template(values, work.resolve("custom")));
        assertThat(named(custom, "Service", "landfall-index-server").path("spec").path("sessionAffinity").asString()).isEqualTo("None");
        assertThat(named(custom, "Service", "landfall-index-server").path("spec").has("sessionAffinityConfig")).isFalse();
        JsonNode config = named(custom, "ConfigMap", "landfall-index-server").path("data");
        assertThat(config.path("LANDFALL_INDEX_RUN_IDLE_GAP").asString()).isEqualTo("3s");
        assertThat(config.path("LANDFALL_INDEX_TRUSTED_PROXIES").asString()).isEqualTo("10.0.0.0/8,fd00::/8");
        assertThat(named(defaults, "ConfigMap", "landfall-index-server").path("data").has("LANDFALL_INDEX_RUN_IDLE_GAP")).isFalse();
    }

    /** docs/decisions/008: the admin API is its own Deployment; the token and Kafka never reach the index server. */
    @Test
    void theAdminTokenReachesOnlyTheAdminServer() {
        for (JsonNode d : ofKind(production, "Deployment")) {
            String name = d.path("metadata").path("name").asString();
            String env = d.path("spec").path("template").path("spec").path("containers").get(0).path("env").toString();
            assertThat(env.contains("LANDFALL_ADMIN_TOKEN")).as(name).isEqualTo(name.equals("landfall-admin-server"));
        }
        assertThat(named(production, "Deployment", "landfall-admin-server").toString()).contains("\"name\":\"landfall-admin\"");
        JsonNode adminService = named(production, "Service", "landfall-admin-server");
        assertThat(adminService.path("spec").path("type").asString()).isEqualTo("ClusterIP");
        assertThat(adminService.path("spec").path("ports").get(0).path("port").asInt()).isEqualTo(8083);
        assertThat(named(production, "ConfigMap", "landfall-index-server").path("data").has("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isFalse();
        assertThat(named(production, "ConfigMap", "landfall-admin-server").path("data").has("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isTrue();
    }

    @Test
    void defaultValuesKeepOptionalPartsOff() {
        assertThat(ofKind(defaults, "HorizontalPodAutoscaler")).isEmpty();
        assertThat(ofKind(defaults, "Ingress")).isEmpty();
        assertThat(ofKind(defaults, "ServiceMonitor")).isEmpty();
        assertThat(ofKind(defaults, "PrometheusRule")).isEmpty();
        assertThat(ofKind(defaults, "ConfigMap")).noneMatch(c -> c.path("metadata").path("labels").has("grafana_dashboard"));
        assertThat(named(defaults, "Deployment", "landfall-changelog-poller").path("spec").path("replicas").asInt())
                .as("standby poller behind the leader lock").isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyVariableTheChartSetsIsBoundByItsService(String valueSet) {
        List<JsonNode> docs = docs(valueSet);
        List<String> unbound = new ArrayList<>();
        for (JsonNode d : ofKind(docs, "Deployment")) {
            String module = d.path("metadata").path("labels").path("app.kubernetes.io/component").asString();
            assertThat(MODULES).contains(module);
            BoundProperties bound = BoundProperties.ofModule(RepositoryFiles.root(), module);
            JsonNode container = d.path("spec").path("template").path("spec").path("containers").get(0);
            List<String> names = new ArrayList<>();
            container.path("env").forEach(e -> names.add(e.path("name").asString()));
            for (JsonNode from : container.path("envFrom")) {
                Optional.of(from.path("configMapRef").path("name").asString())
                        .map(n -> named(docs, "ConfigMap", n))
                        .ifPresent(cm -> names.addAll(cm.path("data").propertyNames()));
            }
            names.stream().filter(n -> !bound.binds(n)).forEach(n -> unbound.add(module + ": " + n));
        }
        assertThat(unbound).isEmpty();
    }

    @Test
    void validatorRejectsBrokenManifests() {
        // Negative controls: a misspelt field, a wrong type, a missing required field, an unknown kind.
        String misspelt = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      contianers: [{name: c, image: i}]
                """;
        String wrongType = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  replicas: two
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers: [{name: c, image: i}]
                """;
        String noContainerName = """
                apiVersion: v1
                kind: Pod
                metadata: {name: x}
                spec:
                  containers: [{image: i}]
                """;
        String removedApi = """
                apiVersion: policy/v1beta1
                kind: PodDisruptionBudget
                metadata: {name: x}
                spec: {maxUnavailable: 1}
                """;
        String badServiceMonitor = """
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitor
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  endpoint: [{port: http}]
                """;
        String badPrometheusRule = """
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata: {name: x}
                spec:
                  groups:
                    - name: g
                      rules: [{alert: A, expression: up == 0}]
                """;
        for (String broken : List.of(misspelt, wrongType, noContainerName, removedApi, badServiceMonitor, badPrometheusRule)) {
            JsonNode doc = KubernetesManifests.parse(broken).get(0);
            assertThatThrownBy(() -> KubernetesManifests.validate(doc)).as(broken).isInstanceOf(AssertionError.class);
        }
    }
}
