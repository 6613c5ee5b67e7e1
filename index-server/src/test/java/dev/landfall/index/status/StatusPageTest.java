package dev.landfall.index.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.landfall.common.snapshot.SnapshotReads;
import dev.landfall.index.publish.SnapshotPublisher;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The status page is for people and status.json for scripts (docs/architecture.md#status-page-and-actuator). */
class StatusPageTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String BASE = "http://mirror.example:8080";

    private static StatusSampler.Sample sample(Instant at, long lag) {
        return new StatusSampler.Sample(at, 1000, 1000, 900, 200, 1000 - lag, NOW.minusSeconds(75), lag, lag == 0 ? 0 : 42);
    }

    private static StatusReport report(StatusSampler.Sample sample, boolean leader, Long deadLetters) {
        SnapshotPublisher.Status publisher = new SnapshotPublisher.Status(leader, 990, 1000, 3, 0, "requests", 991,
                NOW.minusSeconds(130), 7_422);
        List<SnapshotReads.Summary> recent = List.of(new SnapshotReads.Summary(990, NOW.minusSeconds(75), 200, 1234, 5L << 30),
                new SnapshotReads.Summary(980, NOW.minusSeconds(600), 200, 1230, 5L << 30));
        return new StatusReport(NOW, BASE, sample, publisher, recent, new StatusSampler.FetchActivity(25, 2, 120), deadLetters, 3 << 20);
    }

    @Test
    void thePageUsesLabelsAndUnitsNeverRawFieldNamesJavaToStringOrNull() {
        String html = StatusPage.render(report(sample(NOW, 10), true, null), List.of(sample(NOW.minusSeconds(20), 4), sample(NOW, 10)));
        String text = html.replaceAll("<[^>]+>", " ");
        assertThat(text).contains("Served snapshot").contains("1 min 15 s ago").contains("Behind upstream").contains("10 serials")
                .contains("200 of 200 projects (100.0 %)").contains("requests at serial 991, waiting 2 min 10 s")
                .contains("0.01 ms").contains("5.00 GiB").contains("3.00 MiB").contains("1,234").contains("2.5 per minute");
        for (String raw : List.of("snapshotAgeSeconds", "lastComputationMillis", "upstreamSerial", "null", "{satisfied", "total=")) {
            assertThat(text).as("raw %s", raw).doesNotContain(raw);
        }
    }

    @Test
    void thePageGivesPipAndUvCommandsForTheNewestAndThePinnedSnapshot() {
        String html = StatusPage.render(report(sample(NOW, 10), true, null), List.of());
        assertThat(html).contains("pip install --trusted-host mirror.example --index-url " + BASE + "/simple/ &lt;package&gt;")
                .contains("uv pip install --index-url " + BASE + "/simple/ &lt;package&gt;")
                .contains("pip install --trusted-host mirror.example --index-url " + BASE + "/snapshots/990/simple/ &lt;package&gt;")
                .contains("<a href=\"" + BASE + "/snapshots/980/simple/\">");
    }

    @Test
    void pipNeedsNoTrustedHostForHttpsOrLocalhost() {
        assertThat(StatusPage.trustedHostOption("https://mirror.example")).isEmpty();
        assertThat(StatusPage.trustedHostOption("http://127.0.0.1:8080")).isEmpty();
        assertThat(StatusPage.trustedHostOption("http://localhost:8080")).isEmpty();
        assertThat(StatusPage.trustedHostOption("http://mirror.internal")).isEqualTo(" --trusted-host mirror.internal");
    }

    @Test
    void deadLettersArePointedToWhenNoFetcherRunsHereAndCountedWhenOneDoes() {
        assertThat(StatusPage.render(report(sample(NOW, 0), true, null), List.of())).contains("/admin/dead-letters")
                .doesNotContain("sent by the fetcher in this process");
        assertThat(StatusPage.render(report(sample(NOW, 0), true, 7L), List.of())).contains("7 sent by the fetcher in this process");
    }

    @Test
    void beforeTheFirstSampleThePageSaysSoInWords() {
        StatusReport empty = new StatusReport(NOW, BASE, null, new SnapshotPublisher.Status(false, -1, -1, 0, 0, null, -1, null, 0),
                List.of(), null, null, 0);
        String text = StatusPage.render(empty, List.of()).replaceAll("<[^>]+>", " ");
        assertThat(text).contains("No snapshot published yet").contains("No samples yet").contains("not known yet")
                .contains("another replica holds the publisher lock").doesNotContain("null").doesNotContain("-1");
    }

    @Test
    void theLagChartPlotsOnePointPerKnownSampleOnTimeAndSerialAxes() {
        List<StatusSampler.Sample> history = List.of(sample(NOW.minusSeconds(300), 0), sample(NOW.minusSeconds(200), -1),
                sample(NOW.minusSeconds(100), 37), sample(NOW, 5));
        String svg = LagChart.svg(history);
        assertThat(Pattern.compile("class=\"lag-point\"").matcher(svg).results().count()).isEqualTo(3);
        assertThat(svg).contains(">11:55:00<").contains(">12:00:00<").contains(">time (UTC)<").contains(">serials behind upstream<")
                .contains(">0<").contains(">40<");   // 37 rounds up to 4 ticks of 10
    }

    @Test
    void niceCeilingIsFourRoundSteps() {
        assertThat(LagChart.niceCeiling(0)).isEqualTo(4);
        assertThat(LagChart.niceCeiling(4)).isEqualTo(4);
        assertThat(LagChart.niceCeiling(5)).isEqualTo(8);
        assertThat(LagChart.niceCeiling(37)).isEqualTo(40);
        assertThat(LagChart.niceCeiling(41)).isEqualTo(80);
        assertThat(LagChart.niceCeiling(123_456)).isEqualTo(200_000);
    }

    @Test
    void statusJsonKeepsItsKeysWithTypedValues() {
        Map<String, Object> json = report(sample(NOW, 10), true, null).json();
        assertThat(json.keySet()).startsWith("snapshot").contains("snapshotAgeSeconds", "lagSerials", "backlog", "initialSync",
                "lastComputationMillis", "recentSnapshots", "fetchRates", "storage", "deadLetters", "indexUrl", "pinnedIndexUrl");
        JsonNode tree = JsonMapper.builder().build().valueToTree(json);
        assertThat(tree.path("snapshot").isNumber()).isTrue();
        assertThat(tree.path("snapshotAgeSeconds").asLong()).isEqualTo(75);
        assertThat(tree.path("initialSync").path("satisfied").asLong()).isEqualTo(200);
        assertThat(tree.path("initialSync").path("total").asLong()).isEqualTo(200);
        assertThat(tree.path("oldestBlocking").path("project").asString()).isEqualTo("requests");
        assertThat(tree.path("lastComputationMillis").asDouble()).isEqualTo(0.007422);
        assertThat(tree.path("recentSnapshots").get(0).path("pinnedIndexUrl").asString()).isEqualTo(BASE + "/snapshots/990/simple/");
        assertThat(tree.path("storage").path("snapshotBytes").asLong()).isEqualTo(5L << 30);
        assertThat(tree.path("fetchRates").path("pagesPerMinute").asDouble()).isEqualTo(2.5);
        assertThat(tree.path("pinnedIndexUrl").asString()).isEqualTo(BASE + "/snapshots/990/simple/");
    }
}
