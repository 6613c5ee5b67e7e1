package dev.landfall.testsupport.consistency;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One project page as the mirror served it, PEP 691 JSON or PEP 503 HTML, read into the facts the checker
 * compares. Pure parsing: nothing is judged here, and nothing is dropped (a filename listed twice stays twice).
 *
 * @param representation {@code "JSON"} or {@code "HTML"}
 * @param bodySerial     JSON {@code meta._last-serial}, HTML {@code <!--SERIAL n-->}; null when absent
 * @param name           JSON {@code name}; null in HTML (which has none)
 * @param status         PEP 792 status; PEP 792 reads an absent status as {@code active}
 * @param versions       JSON {@code versions}; null in HTML
 * @param carriesDistInfoMetadata whether a JSON page carries the {@code dist-info-metadata} key anywhere
 */
record ServedPage(String representation, @Nullable Long bodySerial, @Nullable String name, String status,
                  @Nullable List<String> versions, List<File> files, boolean carriesDistInfoMetadata) {

    /**
     * One file link.
     *
     * @param href               the URL as written (relative or absolute), without the HTML hash fragment
     * @param size               null when the representation carries none (HTML) or JSON omitted it
     * @param sizeCarried        whether a {@code size} was present (JSON must carry it, PEP 700)
     * @param uploadTime         null in HTML or when JSON omitted it or gave null
     * @param coreMetadata       sha256 the page advertises for the {@code .metadata} file: JSON {@code core-metadata},
     *                           HTML {@code data-core-metadata}; "" when advertised without a sha256, null when not
     * @param distInfoMetadata   HTML {@code data-dist-info-metadata} (the older name pip still reads), same encoding
     */
    record File(String filename, String href, String sha256, @Nullable Long size, boolean sizeCarried,
                boolean yanked, @Nullable String yankedReason, @Nullable String requiresPython,
                @Nullable String uploadTime, @Nullable String coreMetadata, @Nullable String distInfoMetadata) {
    }

    static final Pattern ANCHOR = Pattern.compile("<a\\s+([^>]*)>([^<]*)</a>");
    private static final Pattern ATTR = Pattern.compile("([a-zA-Z-]+)(?:=\"([^\"]*)\")?");
    private static final Pattern SERIAL_COMMENT = Pattern.compile("<!--SERIAL (\\d+)-->");
    private static final Pattern STATUS_META = Pattern.compile("<meta\\s+name=\"pypi:project-status\"\\s+content=\"([^\"]*)\"");

    static ServedPage json(JsonNode page, String body) {
        List<File> files = new ArrayList<>();
        for (JsonNode f : page.path("files")) {
            JsonNode y = f.path("yanked");
            JsonNode size = f.path("size");
            files.add(new File(f.path("filename").asString(), f.path("url").asString(), f.path("hashes").path("sha256").asString(),
                    size.isNumber() ? size.asLong() : null, size.isNumber(),
                    y.isBoolean() ? y.asBoolean() : !y.isMissingNode() && !y.isNull(),
                    y.isString() && !y.asString().isEmpty() ? y.asString() : null,
                    Json.text(f.path("requires-python")), Json.text(f.path("upload-time")),
                    coreMetadataOf(f.path("core-metadata")), null));
        }
        List<String> versions = null;
        if (page.path("versions").isArray()) {
            versions = new ArrayList<>();
            for (JsonNode v : page.path("versions")) {
                versions.add(v.asString());
            }
        }
        JsonNode serial = page.path("meta").path("_last-serial");
        JsonNode status = page.path("project-status").path("status");
        return new ServedPage("JSON", serial.isNumber() ? serial.asLong() : null, Json.text(page.path("name")),
                status.isString() ? status.asString() : "active", versions, List.copyOf(files),
                body.contains("\"dist-info-metadata\""));
    }

    /** PEP 691: {@code false} or absent = none, an object = present with its hashes. */
    private static @Nullable String coreMetadataOf(JsonNode cm) {
        if (cm.isObject()) {
            String sha = Json.text(cm.path("sha256"));
            return sha == null ? "" : sha;
        }
        return cm.isBoolean() && cm.asBoolean() ? "" : null;
    }

    static ServedPage html(String body) {
        List<File> files = new ArrayList<>();
        Matcher m = ANCHOR.matcher(body);
        while (m.find()) {
            Map<String, String> attrs = attributes(m.group(1));
            String href = attrs.getOrDefault("href", "");
            int hash = href.indexOf("#sha256=");
            String yanked = attrs.get("data-yanked");
            files.add(new File(unescape(m.group(2).trim()), hash < 0 ? href : href.substring(0, hash),
                    hash < 0 ? "" : href.substring(hash + "#sha256=".length()), null, false, yanked != null,
                    yanked == null || yanked.isEmpty() ? null : yanked, attrs.get("data-requires-python"), null,
                    metadataAttribute(attrs.get("data-core-metadata")), metadataAttribute(attrs.get("data-dist-info-metadata"))));
        }
        Matcher serial = SERIAL_COMMENT.matcher(body);
        Matcher status = STATUS_META.matcher(body);
        return new ServedPage("HTML", serial.find() ? Long.parseLong(serial.group(1)) : null, null,
                status.find() ? unescape(status.group(1)) : "active", null, List.copyOf(files), false);
    }

    /** PEP 658/714: {@code "true"} or {@code "sha256=<hex>"}; "" for a value without a sha256. */
    private static @Nullable String metadataAttribute(@Nullable String value) {
        if (value == null) {
            return null;
        }
        return value.startsWith("sha256=") ? value.substring("sha256=".length()) : "";
    }

    /** Attribute values, HTML-unescaped; a bare attribute maps to "". */
    static Map<String, String> attributes(String inside) {
        Map<String, String> attrs = new HashMap<>();
        Matcher a = ATTR.matcher(inside);
        while (a.find()) {
            attrs.put(a.group(1), a.group(2) == null ? "" : unescape(a.group(2)));
        }
        return attrs;
    }

    static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }
}
