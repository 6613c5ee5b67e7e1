package dev.landfall.fetcher.page;

import dev.landfall.common.project.ProjectName;
import dev.landfall.common.storage.StorageKeys;
import dev.landfall.fetcher.upstream.MalformedPageException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parses the three upstream representations of a project page into {@link UpstreamPage}. Pure: bytes in,
 * model out; anything unusable or unsafe (no sha256, a file URL that escapes {@code packages/}, a filename
 * that differs from the URL's last segment) is a {@link MalformedPageException} with project and serial.
 */
public final class PageParser {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** File-object keys the mirror interprets itself; everything else is carried over verbatim. */
    private static final Set<String> KNOWN_FILE_KEYS = Set.of("filename", "url", "hashes", "requires-python", "size",
            "upload-time", "yanked", "core-metadata", "dist-info-metadata", "data-dist-info-metadata", "provenance");
    private static final Set<String> KNOWN_TOP_KEYS = Set.of("meta", "name", "files", "versions", "project-status");

    private final ProjectName project;
    private final long serial;

    /** A parser for the pages of one project while serving one event (for the exceptions' context). */
    public PageParser(ProjectName project, long serial) {
        this.project = project;
        this.serial = serial;
    }

    // ---------------------------------------------------------------- PEP 691 JSON

    public UpstreamPage parseSimpleJson(byte[] body, URI pageUri) {
        JsonNode root = readJson(body);
        JsonNode meta = root.path("meta");
        if (!meta.isObject()) {
            throw malformed("simple JSON page has no meta object");
        }
        JsonNode filesNode = root.get("files");
        if (filesNode == null || !filesNode.isArray()) {
            throw malformed("simple JSON page has no files array");
        }
        List<UpstreamFile> files = new ArrayList<>();
        for (JsonNode f : filesNode) {
            files.add(simpleJsonFile(f, pageUri));
        }
        List<String> versions = null;
        JsonNode v = root.get("versions");
        if (v != null && !v.isNull()) {
            if (!v.isArray()) {
                throw malformed("versions is not an array");
            }
            versions = new ArrayList<>();
            for (JsonNode item : v) {
                versions.add(requireString(item, "versions[]"));
            }
        }
        UpstreamPage.ProjectStatus status = UpstreamPage.ProjectStatus.ACTIVE;
        JsonNode ps = root.get("project-status");
        if (ps != null && !ps.isNull()) {
            if (!ps.isObject() || !ps.path("status").isString()) {
                throw malformed("project-status is not {status, reason}");
            }
            status = new UpstreamPage.ProjectStatus(ps.path("status").asString(), optionalString(ps.get("reason")));
        }
        ObjectNode extraMeta = JSON.createObjectNode();
        meta.properties().forEach(e -> {
            // private keys (leading '_') belong to the server that wrote them; the mirror writes its own
            if (!e.getKey().startsWith("_") && !e.getKey().equals("api-version")) {
                extraMeta.set(e.getKey(), e.getValue());
            }
        });
        ObjectNode extraTop = JSON.createObjectNode();
        root.properties().forEach(e -> {
            if (!KNOWN_TOP_KEYS.contains(e.getKey()) && !e.getKey().startsWith("_")) {
                extraTop.set(e.getKey(), e.getValue());
            }
        });
        return new UpstreamPage(Representation.SIMPLE_JSON, optionalLong(meta.get("_last-serial"), "meta._last-serial"),
                optionalString(meta.get("api-version")), files, versions, status, extraMeta, extraTop);
    }

    private UpstreamFile simpleJsonFile(JsonNode f, URI pageUri) {
        if (!f.isObject()) {
            throw malformed("files[] entry is not an object");
        }
        String filename = requireString(f.get("filename"), "filename");
        URI url = resolveFileUrl(pageUri, requireString(f.get("url"), "url of " + filename), filename);
        JsonNode hashes = f.get("hashes");
        if (hashes == null || !hashes.isObject()) {
            throw malformed("file " + filename + " has no hashes object");
        }
        String sha256 = requireSha256(hashes.get("sha256"), filename);
        ObjectNode otherHashes = JSON.createObjectNode();
        hashes.properties().forEach(e -> {
            if (!e.getKey().equals("sha256")) {
                otherHashes.set(e.getKey(), e.getValue());
            }
        });
        Long size = optionalLong(f.get("size"), "size of " + filename);
        if (size != null && size < 0) {
            throw malformed("file " + filename + " has a negative size");
        }
        boolean yanked = false;
        String reason = null;
        JsonNode y = f.get("yanked");
        if (y != null && !y.isNull()) {
            if (y.isBoolean()) {
                yanked = y.asBoolean();
            } else if (y.isString()) {
                yanked = true;
                reason = y.asString().isEmpty() ? null : y.asString();
            } else {
                throw malformed("file " + filename + " has a yanked value that is neither boolean nor text");
            }
        }
        JsonNode cm = f.has("core-metadata") ? f.get("core-metadata") : f.get("dist-info-metadata");
        String coreMetadata = metadataHash(cm, filename);
        ObjectNode extra = JSON.createObjectNode();
        f.properties().forEach(e -> {
            if (!KNOWN_FILE_KEYS.contains(e.getKey()) && !e.getKey().startsWith("_")) {
                extra.set(e.getKey(), e.getValue());
            }
        });
        return new UpstreamFile(filename, url, sha256, size, optionalString(f.get("requires-python")), yanked, reason,
                coreMetadata, optionalString(f.get("upload-time")), optionalString(f.get("provenance")), otherHashes, extra);
    }

    private @Nullable String metadataHash(@Nullable JsonNode cm, String filename) {
        if (cm == null || cm.isNull() || cm.isBoolean()) {
            // `true` advertises a sidecar without its hash: unverifiable, so the mirror will not advertise it
            return null;
        }
        if (!cm.isObject()) {
            throw malformed("file " + filename + " has a core-metadata value that is neither boolean nor object");
        }
        JsonNode sha = cm.get("sha256");
        return sha == null ? null : requireSha256(sha, filename + ".metadata");
    }

    // ---------------------------------------------------------------- PEP 503 HTML

    private static final Pattern ANCHOR = Pattern.compile("<a\\s([^>]*)>(.*?)</a\\s*>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern ANCHOR_OPEN = Pattern.compile("<a\\s", Pattern.CASE_INSENSITIVE);
    private static final Pattern META = Pattern.compile("<meta\\s([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "([A-Za-z_:][-A-Za-z0-9_:.]*)(?:\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'=<>`]+)))?");
    private static final Pattern SERIAL_COMMENT = Pattern.compile("<!--\\s*SERIAL\\s+(\\S+)\\s*-->");

    public UpstreamPage parseHtml(byte[] body, URI pageUri) {
        String html = new String(body, StandardCharsets.UTF_8);
        if (!html.toLowerCase(Locale.ROOT).contains("<html") && !html.toLowerCase(Locale.ROOT).contains("<body")) {
            throw malformed("simple HTML page has no <html> or <body>");
        }
        String apiVersion = null;
        String status = "active";
        String reason = null;
        Matcher meta = META.matcher(html);
        while (meta.find()) {
            Map<String, String> attrs = attributes(meta.group(1));
            String name = attrs.getOrDefault("name", "");
            if (name.equals("pypi:repository-version")) {
                apiVersion = attrs.get("content");
            } else if (name.equals("pypi:project-status")) {
                status = attrs.getOrDefault("content", "active");
            } else if (name.equals("pypi:project-status-reason")) {
                reason = attrs.get("content");
            }
        }
        List<UpstreamFile> files = new ArrayList<>();
        Matcher a = ANCHOR.matcher(html);
        int anchors = 0;
        while (a.find()) {
            anchors++;
            files.add(htmlFile(attributes(a.group(1)), unescape(a.group(2).strip()), pageUri));
        }
        Matcher opens = ANCHOR_OPEN.matcher(html);
        int opened = 0;
        while (opens.find()) {
            opened++;
        }
        if (opened != anchors) {
            throw malformed("simple HTML page has " + opened + " <a> tags but " + anchors + " complete links (truncated?)");
        }
        Long bodySerial = null;
        Matcher serialComment = SERIAL_COMMENT.matcher(html);
        if (serialComment.find()) {
            try {
                bodySerial = Long.parseLong(serialComment.group(1));
            } catch (NumberFormatException e) {
                throw malformed("simple HTML page has a non-integer SERIAL comment");
            }
        }
        return new UpstreamPage(Representation.SIMPLE_HTML, bodySerial, apiVersion, files, null,
                new UpstreamPage.ProjectStatus(status, reason), JSON.createObjectNode(), JSON.createObjectNode());
    }

    private UpstreamFile htmlFile(Map<String, String> attrs, String text, URI pageUri) {
        String href = attrs.get("href");
        if (href == null || href.isEmpty()) {
            throw malformed("link '" + text + "' has no href");
        }
        int hash = href.indexOf('#');
        String fragment = hash < 0 ? "" : href.substring(hash + 1);
        String filename = text;
        URI url = resolveFileUrl(pageUri, hash < 0 ? href : href.substring(0, hash), filename);
        if (!fragment.startsWith("sha256=")) {
            throw malformed("link " + filename + " has no #sha256= fragment");
        }
        String sha256 = requireSha256Text(fragment.substring("sha256=".length()), filename);
        boolean yanked = attrs.containsKey("data-yanked");
        String reason = yanked && !attrs.get("data-yanked").isEmpty() ? attrs.get("data-yanked") : null;
        String cm = attrs.containsKey("data-core-metadata") ? attrs.get("data-core-metadata") : attrs.get("data-dist-info-metadata");
        String coreMetadata = null;
        if (cm != null && cm.startsWith("sha256=")) {
            coreMetadata = requireSha256Text(cm.substring("sha256=".length()), filename + ".metadata");
        }
        String requiresPython = attrs.get("data-requires-python");
        return new UpstreamFile(filename, url, sha256, null, requiresPython == null || requiresPython.isEmpty() ? null : requiresPython,
                yanked, reason, coreMetadata, null, attrs.get("data-provenance"), JSON.createObjectNode(), JSON.createObjectNode());
    }

    private static Map<String, String> attributes(String s) {
        Map<String, String> attrs = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(s);
        while (m.find()) {
            String value = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : "";
            attrs.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), unescape(value));
        }
        return attrs;
    }

    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|lt|gt|amp|quot|apos|#39);");

    static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = ENTITY.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String r = switch (e) {
                case "lt" -> "<";
                case "gt" -> ">";
                case "amp" -> "&";
                case "quot" -> "\"";
                case "apos", "#39" -> "'";
                default -> {
                    int cp = e.charAt(1) == 'x' || e.charAt(1) == 'X'
                            ? Integer.parseInt(e.substring(2), 16) : Integer.parseInt(e.substring(1));
                    yield Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : "\uFFFD";
                }
            };
            m.appendReplacement(out, Matcher.quoteReplacement(r));
        }
        m.appendTail(out);
        return out.toString();
    }

    // ---------------------------------------------------------------- JSON API /pypi/<p>/json

    /** The JSON API page; its stamp body copy is the top-level {@code last_serial}. */
    public UpstreamPage parseJsonApi(byte[] body, URI pageUri) {
        JsonNode root = readJson(body);
        JsonNode releases = root.get("releases");
        List<UpstreamFile> files = new ArrayList<>();
        Set<String> versions = new LinkedHashSet<>();
        if (releases != null && releases.isObject()) {
            for (Map.Entry<String, JsonNode> release : releases.properties()) {
                if (!release.getValue().isArray()) {
                    throw malformed("releases." + release.getKey() + " is not an array");
                }
                for (JsonNode f : release.getValue()) {
                    files.add(jsonApiFile(f, pageUri));
                    versions.add(release.getKey());
                }
            }
        } else if (root.path("urls").isArray()) {
            for (JsonNode f : root.get("urls")) {
                files.add(jsonApiFile(f, pageUri));
            }
        } else {
            throw malformed("JSON API page has neither releases nor urls");
        }
        return new UpstreamPage(Representation.JSON_API, optionalLong(root.get("last_serial"), "last_serial"), null, files,
                new ArrayList<>(versions), null, JSON.createObjectNode(), JSON.createObjectNode());
    }

    private UpstreamFile jsonApiFile(JsonNode f, URI pageUri) {
        if (!f.isObject()) {
            throw malformed("JSON API file entry is not an object");
        }
        String filename = requireString(f.get("filename"), "filename");
        URI url = resolveFileUrl(pageUri, requireString(f.get("url"), "url of " + filename), filename);
        String sha256 = requireSha256(f.path("digests").get("sha256"), filename);
        Long size = optionalLong(f.get("size"), "size of " + filename);
        boolean yanked = f.path("yanked").asBoolean(false);
        String reason = optionalString(f.get("yanked_reason"));
        return new UpstreamFile(filename, url, sha256, size, optionalString(f.get("requires_python")), yanked,
                reason == null || reason.isEmpty() ? null : reason, metadataHash(f.get("core-metadata"), filename),
                optionalString(f.get("upload_time_iso_8601")), null, JSON.createObjectNode(), JSON.createObjectNode());
    }

    // ---------------------------------------------------------------- shared checks

    /**
     * Resolves a file URL and checks it can only land under {@code packages/}: absolute http(s), a safe
     * storage key, and a last segment equal to the filename (PEP 503: link text = filename).
     */
    private URI resolveFileUrl(URI pageUri, String href, String filename) {
        requireSafeFilename(filename);
        URI url;
        try {
            url = pageUri.resolve(new URI(href.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw malformed("file " + filename + " has an unparseable URL");
        }
        if (url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https")) || url.getHost() == null) {
            throw malformed("file " + filename + " has a URL that is not absolute http(s): " + url.getScheme());
        }
        String path = url.getPath();
        if (path == null || !path.endsWith("/" + filename)) {
            throw malformed("file " + filename + " has a URL whose last segment is not its filename");
        }
        try {
            StorageKeys.packageKey(path);
        } catch (IllegalArgumentException e) {
            throw malformed("file " + filename + " has an unsafe URL path: " + e.getMessage());
        }
        return url;
    }

    private void requireSafeFilename(String filename) {
        if (filename.isEmpty() || filename.equals(".") || filename.equals("..") || filename.length() > 255
                || filename.indexOf('/') >= 0 || filename.indexOf('\\') >= 0
                || filename.chars().anyMatch(Character::isISOControl)) {
            throw malformed("unsafe filename '" + filename.replaceAll("\\p{Cntrl}", "?") + "'");
        }
    }

    private JsonNode readJson(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new MalformedPageException(project, serial, "page is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw malformed("page is not a JSON object");
        }
        return root;
    }

    private String requireSha256(@Nullable JsonNode node, String what) {
        if (node == null || !node.isString()) {
            throw malformed(what + " has no sha256");
        }
        return requireSha256Text(node.asString(), what);
    }

    private String requireSha256Text(String hex, String what) {
        String lower = hex.toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(lower).matches()) {
            throw malformed(what + " has a malformed sha256");
        }
        return lower;
    }

    private String requireString(@Nullable JsonNode node, String what) {
        if (node == null || !node.isString() || node.asString().isEmpty()) {
            throw malformed(what + " is missing or not a string");
        }
        return node.asString();
    }

    private @Nullable String optionalString(@Nullable JsonNode node) {
        return node == null || node.isNull() || !node.isValueNode() ? null : node.asString();
    }

    private @Nullable Long optionalLong(@Nullable JsonNode node, String what) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw malformed(what + " is not an integer");
        }
        return node.asLong();
    }

    private MalformedPageException malformed(String message) {
        return new MalformedPageException(project, serial, message);
    }
}
