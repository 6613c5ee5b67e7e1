package dev.landfall.index.view;

import dev.landfall.index.snapshot.CachedBody;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;

/**
 * A view's root index at W: the projects of snapshot W the policy lists, each with its page serial, rendered
 * once in the layout of the snapshot's own root index (relative links, so a pinned view's root keeps a client
 * inside that pinned view), plus W's time, which the answers report.
 */
public record ViewRoot(long serial, Instant timeOfW, Map<String, Long> projects, CachedBody json, CachedBody html) {

    static ViewRoot of(long serial, Instant timeOfW, SortedMap<String, Long> projects) {
        StringBuilder js = new StringBuilder(64 + projects.size() * 48);
        js.append("{\"meta\":{\"api-version\":\"1.4\",\"_last-serial\":").append(serial).append("},\"projects\":[");
        StringBuilder html = new StringBuilder(256 + projects.size() * 48);
        html.append("<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\"1.4\">\n")
                .append("    <title>Simple index</title>\n  </head>\n  <body>\n");
        boolean first = true;
        for (Map.Entry<String, Long> e : projects.entrySet()) {
            if (!first) {
                js.append(',');
            }
            first = false;
            // Normalized names are [a-z0-9-] only: nothing to escape.
            js.append("{\"name\":\"").append(e.getKey()).append("\",\"_last-serial\":").append(e.getValue()).append('}');
            html.append("    <a href=\"").append(e.getKey()).append("/\">").append(e.getKey()).append("</a>\n");
        }
        js.append("]}");
        html.append("  </body>\n</html>\n<!--SERIAL ").append(serial).append("-->\n");
        return new ViewRoot(serial, timeOfW, Map.copyOf(projects),
                CachedBody.of(js.toString().getBytes(StandardCharsets.UTF_8)),
                CachedBody.of(html.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
