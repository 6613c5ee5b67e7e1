package dev.landfall.index.publish;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot's root index (docs/architecture.md#snapshot-root-index): project → the page served at W,
 * i.e. the newest PRESENT page version stamped ≤ W. Built incrementally from the previous
 * snapshot's index plus the page versions stamped in (W0, W].
 */
final class RootIndex {

    record Page(long serial, int files, long bytes) {
    }

    private final long serial;
    private final TreeMap<String, Page> pages;

    RootIndex(long serial, TreeMap<String, Page> pages) {
        this.serial = serial;
        this.pages = pages;
    }

    long serial() {
        return serial;
    }

    Map<String, Page> pages() {
        return pages;
    }

    long files() {
        return pages.values().stream().mapToLong(Page::files).sum();
    }

    long bytes() {
        return pages.values().stream().mapToLong(Page::bytes).sum();
    }

    byte[] json() {
        StringBuilder sb = new StringBuilder(64 + pages.size() * 48);
        sb.append("{\"meta\":{\"api-version\":\"1.4\",\"_last-serial\":").append(serial).append("},\"projects\":[");
        boolean first = true;
        for (Map.Entry<String, Page> e : pages.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            // Normalized names are [a-z0-9-] only: nothing to escape.
            sb.append("{\"name\":\"").append(e.getKey()).append("\",\"_last-serial\":").append(e.getValue().serial()).append('}');
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    byte[] html() {
        StringBuilder sb = new StringBuilder(256 + pages.size() * 48);
        sb.append("<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\"1.4\">\n")
                .append("    <title>Simple index</title>\n  </head>\n  <body>\n");
        // Relative links: the same stored body is served as /simple/ and as /snapshots/<W>/simple/, and each
        // link must stay inside the snapshot it was read from (an absolute /simple/ link left a pinned one).
        for (String p : pages.keySet()) {
            sb.append("    <a href=\"").append(p).append("/\">").append(p).append("</a>\n");
        }
        sb.append("  </body>\n</html>\n<!--SERIAL ").append(serial).append("-->\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
