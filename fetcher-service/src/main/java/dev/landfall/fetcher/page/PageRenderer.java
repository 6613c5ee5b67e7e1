package dev.landfall.fetcher.page;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders the mirror's page objects exactly as docs/architecture.md#page-objects fixes them; served verbatim by the
 * index server. Pure. Invariants: the JSON never contains {@code dist-info-metadata} (pip 22.3-23.1 crash on it);
 * a {@code .metadata} is advertised only when the mirror stored it; every HTML attribute value is escaped.
 */
public final class PageRenderer {

    static final String DEFAULT_API_VERSION = "1.4";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** PEP 691 JSON. */
    public byte[] json(MirrorPage page) {
        UpstreamPage up = page.upstream();
        ObjectNode root = JSON.createObjectNode();
        ObjectNode meta = root.putObject("meta");
        meta.put("api-version", apiVersion(up));
        meta.put("_last-serial", page.serial());
        up.extraMeta().properties().forEach(e -> meta.set(e.getKey(), e.getValue()));
        root.put("name", page.project().value());
        UpstreamPage.ProjectStatus status = status(up);
        ObjectNode ps = root.putObject("project-status");
        ps.put("status", status.status());
        if (status.reason() != null) {
            ps.put("reason", status.reason());
        }
        ArrayNode versions = root.putArray("versions");
        versions(page).forEach(versions::add);
        ArrayNode files = root.putArray("files");
        for (MirrorPage.MirrorFile mf : page.files()) {
            files.add(jsonFile(mf));
        }
        up.extraTop().properties().forEach(e -> {
            if (!root.has(e.getKey())) {
                root.set(e.getKey(), e.getValue());
            }
        });
        return JSON.writeValueAsBytes(root);
    }

    private static ObjectNode jsonFile(MirrorPage.MirrorFile mf) {
        UpstreamFile f = mf.upstream();
        ObjectNode o = JSON.createObjectNode();
        o.put("filename", f.filename());
        o.put("url", mf.path());
        ObjectNode hashes = o.putObject("hashes");
        hashes.put("sha256", f.sha256());
        f.otherHashes().properties().forEach(e -> hashes.set(e.getKey(), e.getValue()));
        if (f.requiresPython() == null) {
            o.putNull("requires-python");
        } else {
            o.put("requires-python", f.requiresPython());
        }
        o.put("size", f.size() == null ? 0 : f.size());
        if (f.uploadTime() == null) {
            o.putNull("upload-time");
        } else {
            o.put("upload-time", f.uploadTime());
        }
        if (!f.yanked()) {
            o.put("yanked", false);
        } else if (f.yankedReason() != null) {
            o.put("yanked", f.yankedReason());
        } else {
            o.put("yanked", true);
        }
        if (mf.storedMetadataSha256() == null) {
            o.put("core-metadata", false);
        } else {
            o.putObject("core-metadata").put("sha256", mf.storedMetadataSha256());
        }
        if (f.provenance() == null) {
            o.putNull("provenance");
        } else {
            o.put("provenance", f.provenance());
        }
        f.extra().properties().forEach(e -> {
            if (!o.has(e.getKey()) && !e.getKey().contains("dist-info-metadata")) {
                o.set(e.getKey(), e.getValue());
            }
        });
        return o;
    }

    /** PEP 503 HTML with the PEP 592/629/658/714/740/792 attributes, ending in {@code <!--SERIAL n-->}. */
    public byte[] html(MirrorPage page) {
        UpstreamPage up = page.upstream();
        UpstreamPage.ProjectStatus status = status(up);
        StringBuilder h = new StringBuilder(256 + 256 * page.files().size());
        h.append("<!DOCTYPE html>\n<html>\n  <head>\n");
        h.append("    <meta name=\"pypi:repository-version\" content=\"").append(escape(apiVersion(up))).append("\">\n");
        h.append("    <meta name=\"pypi:project-status\" content=\"").append(escape(status.status())).append("\">\n");
        if (status.reason() != null) {
            h.append("    <meta name=\"pypi:project-status-reason\" content=\"").append(escape(status.reason())).append("\">\n");
        }
        h.append("    <title>Links for ").append(escape(page.project().value())).append("</title>\n  </head>\n  <body>\n");
        h.append("    <h1>Links for ").append(escape(page.project().value())).append("</h1>\n");
        for (MirrorPage.MirrorFile mf : page.files()) {
            UpstreamFile f = mf.upstream();
            h.append("    <a href=\"").append(escape(mf.path() + "#sha256=" + f.sha256())).append('"');
            if (f.requiresPython() != null) {
                h.append(" data-requires-python=\"").append(escape(f.requiresPython())).append('"');
            }
            if (f.yanked()) {
                h.append(" data-yanked=\"").append(escape(f.yankedReason() == null ? "" : f.yankedReason())).append('"');
            }
            if (mf.storedMetadataSha256() != null) {
                String v = escape("sha256=" + mf.storedMetadataSha256());
                h.append(" data-core-metadata=\"").append(v).append("\" data-dist-info-metadata=\"").append(v).append('"');
            }
            if (f.provenance() != null) {
                h.append(" data-provenance=\"").append(escape(f.provenance())).append('"');
            }
            h.append('>').append(escape(f.filename())).append("</a><br />\n");
        }
        h.append("  </body>\n</html>\n<!--SERIAL ").append(page.serial()).append("-->");
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String apiVersion(UpstreamPage up) {
        return up.apiVersion() == null ? DEFAULT_API_VERSION : up.apiVersion();
    }

    private static UpstreamPage.ProjectStatus status(UpstreamPage up) {
        return up.status() == null ? UpstreamPage.ProjectStatus.ACTIVE : up.status();
    }

    /** Upstream's versions when it listed them, else those of the files shown. */
    static List<String> versions(MirrorPage page) {
        if (page.upstream().versions() != null) {
            return page.upstream().versions();
        }
        LinkedHashSet<String> fromFiles = new LinkedHashSet<>();
        for (MirrorPage.MirrorFile f : page.files()) {
            @Nullable String v = FilenameVersion.of(f.upstream().filename());
            if (v != null) {
                fromFiles.add(v);
            }
        }
        return new ArrayList<>(fromFiles);
    }

    /** HTML attribute and text escaping: {@code & < > " '}. */
    static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (r != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (out != null) {
                if (r != null) {
                    out.append(r);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }
}
