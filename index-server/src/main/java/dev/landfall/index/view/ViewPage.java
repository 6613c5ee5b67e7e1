package dev.landfall.index.view;

import dev.landfall.index.snapshot.CachedBody;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A view's page for one project, derived from the stored PEP 691 JSON page version (never fetched again): the
 * files the policy shows, in page order, every other field verbatim ({@code meta._last-serial} stays the page's
 * serial), {@code versions} without the versions whose every file is hidden, and the PEP 503 HTML rendered from
 * that JSON in the layout of the mirror's stored HTML pages (docs/architecture.md#page-objects). Pure.
 */
public final class ViewPage {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The derived page, or why the view has none. */
    public sealed interface Result {
    }

    public record Served(CachedBody json, CachedBody html) implements Result {
    }

    public record Omitted(ProjectVerdict.Reason reason) implements Result {
        /** Why, for the 404's text. */
        public String why() {
            return reason == ProjectVerdict.Reason.NAME ? "its name is not admitted" : "the policy hides all its files";
        }
    }

    private ViewPage() {
    }

    /** The file facts of a stored JSON page, in page order. */
    static List<PolicyDecision.FileFacts> files(byte[] storedJson) {
        return files(JSON.readTree(storedJson));
    }

    private static List<PolicyDecision.FileFacts> files(JsonNode page) {
        List<PolicyDecision.FileFacts> facts = new ArrayList<>();
        for (JsonNode f : page.path("files")) {
            facts.add(new PolicyDecision.FileFacts(f.path("filename").asString(""), uploadTime(f.path("upload-time"))));
        }
        return facts;
    }

    /** PEP 700 {@code upload-time} (ISO 8601 in UTC); null when absent, null or unreadable. */
    static @Nullable Instant uploadTime(JsonNode value) {
        if (!value.isString()) {
            return null;
        }
        try {
            return Instant.parse(value.asString());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Result derive(String project, byte[] storedJson, PolicyDecision decision, Instant cutoff) {
        JsonNode stored = JSON.readTree(storedJson);
        ProjectVerdict verdict = decision.project(project, files(stored), cutoff);
        if (verdict instanceof ProjectVerdict.Omitted omitted) {
            return new Omitted(omitted.reason());
        }
        List<Integer> shown = ((ProjectVerdict.Listed) verdict).shownFiles();
        ObjectNode page = (ObjectNode) stored.deepCopy();
        JsonNode allFiles = stored.path("files");
        ArrayNode files = page.putArray("files");
        Set<String> shownVersions = new HashSet<>();
        Set<String> fileVersions = new HashSet<>();
        for (int i = 0; i < allFiles.size(); i++) {
            String version = DistFilename.version(allFiles.get(i).path("filename").asString(""));
            if (version != null) {
                fileVersions.add(version);
            }
        }
        for (int i : shown) {
            JsonNode f = allFiles.get(i);
            files.add(f);
            String version = DistFilename.version(f.path("filename").asString(""));
            if (version != null) {
                shownVersions.add(version);
            }
        }
        if (stored.path("versions").isArray()) {
            ArrayNode versions = page.putArray("versions");
            for (JsonNode v : stored.path("versions")) {
                String version = v.asString("");
                // A version keeps its place if a file of it is shown, or if it never had a file on this page and
                // the time-free rules do not exclude it: the view only removes what the policy hides.
                boolean keep = shownVersions.contains(version) || (!fileVersions.contains(version)
                        && !(decision.policy().excludePrereleases() && DistFilename.isPrerelease(version)));
                if (keep) {
                    versions.add(v);
                }
            }
        }
        byte[] json = JSON.writeValueAsBytes(page);
        return new Served(CachedBody.of(json), CachedBody.of(html(page)));
    }

    /** PEP 503 HTML with the PEP 592/629/658/714/740/792 attributes, ending in {@code <!--SERIAL n-->}. */
    static byte[] html(JsonNode page) {
        JsonNode meta = page.path("meta");
        JsonNode status = page.path("project-status");
        String name = page.path("name").asString("");
        StringBuilder h = new StringBuilder(256 + 256 * page.path("files").size());
        h.append("<!DOCTYPE html>\n<html>\n  <head>\n");
        h.append("    <meta name=\"pypi:repository-version\" content=\"").append(escape(meta.path("api-version").asString("1.4"))).append("\">\n");
        h.append("    <meta name=\"pypi:project-status\" content=\"").append(escape(status.path("status").asString("active"))).append("\">\n");
        if (status.path("reason").isString()) {
            h.append("    <meta name=\"pypi:project-status-reason\" content=\"").append(escape(status.path("reason").asString())).append("\">\n");
        }
        h.append("    <title>Links for ").append(escape(name)).append("</title>\n  </head>\n  <body>\n");
        h.append("    <h1>Links for ").append(escape(name)).append("</h1>\n");
        for (JsonNode f : page.path("files")) {
            h.append("    <a href=\"").append(escape(f.path("url").asString("") + "#sha256=" + f.path("hashes").path("sha256").asString(""))).append('"');
            if (f.path("requires-python").isString()) {
                h.append(" data-requires-python=\"").append(escape(f.path("requires-python").asString())).append('"');
            }
            JsonNode yanked = f.path("yanked");
            if (yanked.isString() || (yanked.isBoolean() && yanked.asBoolean())) {
                h.append(" data-yanked=\"").append(escape(yanked.isString() ? yanked.asString() : "")).append('"');
            }
            JsonNode core = f.path("core-metadata").path("sha256");
            if (core.isString()) {
                String v = escape("sha256=" + core.asString());
                h.append(" data-core-metadata=\"").append(v).append("\" data-dist-info-metadata=\"").append(v).append('"');
            }
            if (f.path("provenance").isString()) {
                h.append(" data-provenance=\"").append(escape(f.path("provenance").asString())).append('"');
            }
            h.append('>').append(escape(f.path("filename").asString(""))).append("</a><br />\n");
        }
        h.append("  </body>\n</html>\n<!--SERIAL ").append(meta.path("_last-serial").asLong(-1)).append("-->");
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** HTML attribute and text escaping: {@code & < > " '}. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
