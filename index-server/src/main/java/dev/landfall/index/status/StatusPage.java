package dev.landfall.index.status;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The operator status page ({@code GET /}) as one self-contained HTML document: labels and units for
 * people, the commands to use the mirror, and the lag chart as inline SVG (no script, no external
 * resource, so it renders behind any firewall). Everything interpolated is escaped.
 */
final class StatusPage {

    private static final String STYLE = "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#223}"
            + "h1{margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #dde;padding-bottom:.2em}"
            + "table{border-collapse:collapse}th,td{padding:3px 14px 3px 0;text-align:left;vertical-align:top}"
            + "th{font-weight:600;color:#445}td.n{text-align:right;font-variant-numeric:tabular-nums}"
            + "pre{background:#f3f4f7;padding:.6em .8em;overflow-x:auto}.note{color:#667;font-size:.92em}"
            + ".ok{color:#186a3b}.warn{color:#9a5b00}";

    private StatusPage() {
    }

    static String render(StatusReport r, List<StatusSampler.Sample> history) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append("<title>Landfall PyPI mirror: status</title><link rel=\"icon\" href=\"data:,\"><style>").append(STYLE)
                .append("</style></head><body><h1>Landfall PyPI mirror</h1>");
        headline(h, r);
        usage(h, r);
        freshness(h, r);
        h.append("<h2>Lag over the last two hours</h2>").append(LagChart.svg(history))
                .append("<p class=\"note\">One sample every 10 s; lag is how many upstream serials the served snapshot does not contain yet.</p>");
        publisher(h, r);
        fetching(h, r);
        storage(h, r);
        snapshots(h, r);
        h.append("<h2>Machine-readable</h2><p><a href=\"/status.json\">status.json</a> · <a href=\"/actuator/prometheus\">Prometheus metrics</a>")
                .append(" · <a href=\"/actuator/health/readiness\">readiness</a></p></body></html>");
        return h.toString();
    }

    private static void headline(StringBuilder h, StatusReport r) {
        if (r.snapshot() < 0) {
            h.append("<p id=\"headline\" class=\"warn\">No snapshot published yet: the mirror answers 503 until the initial sync completes.</p>");
            return;
        }
        h.append("<p id=\"headline\" class=\"ok\">Serving snapshot <strong>").append(r.snapshot()).append("</strong>");
        Long age = r.snapshotAgeSeconds();
        if (age != null) {
            h.append(", published ").append(Units.duration(age)).append(" ago");
        }
        h.append(".</p>");
    }

    private static void usage(StringBuilder h, StatusReport r) {
        String trusted = trustedHostOption(r.baseUrl());
        h.append("<h2>Use this mirror</h2><p>Newest snapshot (moves forward as upstream changes):</p><pre id=\"pip-command\">")
                .append(esc("pip install" + trusted + " --index-url " + r.indexUrl() + " <package>")).append('\n')
                .append(esc("uv pip install --index-url " + r.indexUrl() + " <package>")).append("</pre>");
        String pinned = r.pinnedIndexUrl();
        if (pinned != null) {
            h.append("<p>Pinned to snapshot ").append(r.snapshot())
                    .append(" (the same answers on every run while the snapshot is retained):</p><pre id=\"pinned-command\">")
                    .append(esc("pip install" + trusted + " --index-url " + pinned + " <package>")).append('\n')
                    .append(esc("uv pip install --index-url " + pinned + " <package>")).append("</pre>");
        }
    }

    /** pip ignores a plain-HTTP index on any host but localhost unless it is named trusted. */
    static String trustedHostOption(String baseUrl) {
        URI uri = URI.create(baseUrl);
        String host = uri.getHost();
        if (!"http".equals(uri.getScheme()) || host == null || host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]")) {
            return "";
        }
        return " --trusted-host " + host;
    }

    private static void freshness(StringBuilder h, StatusReport r) {
        StatusSampler.Sample s = r.sample();
        h.append("<h2>Freshness</h2><table id=\"freshness\">");
        row(h, "Served snapshot", r.snapshot() < 0 ? "none yet" : "serial " + Units.count(r.snapshot()));
        row(h, "Published", r.snapshotPublishedAt() == null ? "not yet"
                : Units.time(r.snapshotPublishedAt()) + " (" + Units.duration(r.snapshotAgeSeconds() == null ? 0 : r.snapshotAgeSeconds()) + " ago)");
        row(h, "Newest upstream serial", s == null || s.upstreamSerial() < 0 ? "not known yet" : Units.count(s.upstreamSerial()));
        row(h, "Behind upstream", s == null || s.lagSerials() < 0 ? "not known yet"
                : Units.count(s.lagSerials()) + " serials" + (s.lagSeconds() > 0 ? ", oldest missing change " + Units.duration(s.lagSeconds()) + " old" : ""));
        row(h, "Changelog read up to", s == null || s.cursor() < 0 ? "not yet" : "serial " + Units.count(s.cursor()));
        row(h, "Ledger floor (no snapshot below)", s == null || s.floor() < 0 ? "not set yet" : "serial " + Units.count(s.floor()));
        h.append("</table>");
    }

    private static void publisher(StringBuilder h, StatusReport r) {
        h.append("<h2>Snapshot publisher</h2>");
        if (!r.publisher().leader()) {
            h.append("<p>This replica serves snapshots; another replica holds the publisher lock and publishes them.</p>");
            return;
        }
        h.append("<table id=\"publisher\">");
        StatusReport.InitialSync sync = r.initialSync();
        row(h, "Initial sync", sync.total() == 0 ? "nothing to sync"
                : Units.count(sync.satisfied()) + " of " + Units.count(sync.total()) + " projects (" + Units.percent(sync.satisfied(), sync.total()) + ")");
        row(h, "Changes waiting for their page", Units.count(r.publisher().blocking()));
        StatusReport.OldestBlocking oldest = r.oldestBlocking();
        row(h, "Oldest waiting change", oldest == null ? "none"
                : oldest.project() + " at serial " + Units.count(oldest.serial()) + (oldest.ageSeconds() < 0 ? "" : ", waiting " + Units.duration(oldest.ageSeconds())));
        row(h, "Last servability computation", Units.millis(r.lastComputationMillis()));
        h.append("</table>");
    }

    private static void fetching(StringBuilder h, StatusReport r) {
        h.append("<h2>Fetching</h2>");
        StatusReport.FetchRates rates = r.fetchRates();
        if (rates == null) {
            h.append("<p>Not sampled yet.</p>");
        } else {
            h.append("<table id=\"fetching\">");
            row(h, "Pages landed, last 10 minutes", Units.count(rates.pagesLast10Minutes()) + " (" + String.format(Locale.ROOT, "%.1f", rates.pagesPerMinute())
                    + " per minute; " + Units.count(rates.tombstonesLast10Minutes()) + " deletions)");
            row(h, "Pages landed, last hour", Units.count(rates.pagesLastHour()));
            h.append("</table>");
        }
        StatusReport.DeadLetters dead = r.deadLetters();
        h.append("<p id=\"dead-letters\">Dead letters: ");
        if (dead.sentSinceStart() != null) {
            h.append(Units.count(dead.sentSinceStart())).append(" sent by the fetcher in this process since it started. ");
        }
        h.append(esc(dead.where())).append(".</p>");
    }

    private static void storage(StringBuilder h, StatusReport r) {
        StatusReport.Storage st = r.storage();
        h.append("<h2>Storage</h2><table id=\"storage\">");
        row(h, "Files in the served snapshot", Units.count(st.snapshotFiles()));
        row(h, "Size of those files", Units.bytes(st.snapshotBytes()));
        row(h, "Page cache of this replica", Units.bytes(st.pageCacheBytes()));
        h.append("</table><p class=\"note\">Older snapshots share most files with the served one; storage holds a little more than this.</p>");
    }

    private static void snapshots(StringBuilder h, StatusReport r) {
        h.append("<h2>Recent snapshots</h2>");
        List<StatusReport.PublishedSnapshot> recent = r.publishedSnapshots();
        if (recent.isEmpty()) {
            h.append("<p>None yet.</p>");
            return;
        }
        h.append("<table id=\"snapshots\"><tr><th>Serial</th><th>Published</th><th>Projects</th><th>Files</th><th>Size</th><th>Pinned index URL</th></tr>");
        for (StatusReport.PublishedSnapshot s : recent) {
            h.append("<tr><td class=\"n\">").append(Units.count(s.serial())).append("</td><td>").append(Units.duration(s.ageSeconds()))
                    .append(" ago</td><td class=\"n\">").append(Units.count(s.projects())).append("</td><td class=\"n\">").append(Units.count(s.files()))
                    .append("</td><td class=\"n\">").append(Units.bytes(s.totalBytes())).append("</td><td><a href=\"").append(esc(s.pinnedIndexUrl()))
                    .append("\">").append(esc(s.pinnedIndexUrl())).append("</a></td></tr>");
        }
        h.append("</table><p class=\"note\">A pinned URL answers while its snapshot is retained (landfall.snapshots.retention, 7 days by default).</p>");
    }

    private static void row(StringBuilder h, String label, @Nullable String value) {
        h.append("<tr><th>").append(esc(label)).append("</th><td>").append(esc(value == null ? "–" : value)).append("</td></tr>");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
