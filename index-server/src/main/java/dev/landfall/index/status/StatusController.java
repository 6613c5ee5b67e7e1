package dev.landfall.index.status;

import dev.landfall.index.publish.SnapshotPublisher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /} (operator status page, server-rendered HTML with an inline SVG lag chart) and
 * {@code GET /status.json}. Off the hot path, so plain Spring MVC.
 */
@RestController
public class StatusController {

    private final StatusSampler sampler;
    private final Clock clock;

    public StatusController(StatusSampler sampler, Clock clock) {
        this.sampler = sampler;
        this.clock = clock;
    }

    @GetMapping(path = "/status.json", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> statusJson() {
        StatusSampler.Sample s = sampler.latest();
        SnapshotPublisher.Status p = sampler.publisherStatus();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("snapshot", s == null ? -1 : s.snapshot());
        m.put("snapshotPublishedAt", s == null || s.snapshotPublishedAt() == null ? null : s.snapshotPublishedAt().toString());
        m.put("snapshotAgeSeconds", s == null || s.snapshotPublishedAt() == null ? null
                : Duration.between(s.snapshotPublishedAt(), clock.instant()).toSeconds());
        m.put("upstreamSerial", s == null ? -1 : s.upstreamSerial());
        m.put("cursor", s == null ? -1 : s.cursor());
        m.put("ledgerFloor", s == null ? -1 : s.floor());
        m.put("lagSerials", s == null ? -1 : s.lagSerials());
        m.put("lagSeconds", s == null ? -1 : s.lagSeconds());
        m.put("publisherHere", p.leader());
        if (p.leader()) {
            m.put("backlog", p.blocking());
            long initial = s == null ? 0 : s.initialProjects();
            m.put("initialSync", Map.of("total", initial, "satisfied", Math.max(0, initial - p.unsatisfiedInitial())));
            m.put("oldestBlocking", p.oldestProject() == null ? null : Map.of(
                    "project", p.oldestProject(), "serial", p.oldestSerial(),
                    "ageSeconds", ageSeconds(p.oldestOccurredAt())));
            m.put("lastComputationMillis", p.lastComputationNanos() / 1_000_000.0);
        }
        // Dead letters live in Kafka; the index server has no Kafka client, so they are not shown here.
        m.put("deadLetters", null);
        return m;
    }

    private long ageSeconds(@Nullable Instant at) {
        return at == null ? -1 : Math.max(0, Duration.between(at, clock.instant()).toSeconds());
    }

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    public String page() {
        Map<String, Object> m = statusJson();
        StringBuilder h = new StringBuilder(4096);
        h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Landfall index</title>")
                .append("<style>body{font-family:sans-serif;margin:2em}td{padding:2px 12px}</style></head><body>")
                .append("<h1>Landfall index server</h1><p>A PyPI mirror serving exact snapshots: <a href=\"/simple/\">/simple/</a></p><table>");
        m.forEach((k, v) -> h.append("<tr><td>").append(escape(k)).append("</td><td>").append(escape(String.valueOf(v))).append("</td></tr>"));
        h.append("</table><h2>Lag (serials) over the last hours</h2>").append(chart(sampler.history()))
                .append("<p>Dead letters are in Kafka topic landfall.changelog.v1-dlt (see the fetcher's metrics).</p>")
                .append("<p><a href=\"/status.json\">status.json</a> · <a href=\"/actuator/prometheus\">metrics</a></p></body></html>");
        return h.toString();
    }

    static String chart(List<StatusSampler.Sample> samples) {
        int width = 720;
        int height = 160;
        long max = Math.max(1, samples.stream().mapToLong(StatusSampler.Sample::lagSerials).max().orElse(1));
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < samples.size(); i++) {
            long lag = Math.max(0, samples.get(i).lagSerials());
            long x = samples.size() == 1 ? 0 : (long) i * width / (samples.size() - 1);
            long y = height - lag * height / max;
            points.append(x).append(',').append(y).append(' ');
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"" + (height + 20)
                + "\"><rect width=\"100%\" height=\"" + height + "\" fill=\"#f4f4f4\"/><polyline fill=\"none\" stroke=\"#c33\" stroke-width=\"2\" points=\""
                + points.toString().trim() + "\"/><text x=\"4\" y=\"" + (height + 15) + "\" font-size=\"12\">max " + max
                + " serials, " + samples.size() + " samples</text></svg>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
