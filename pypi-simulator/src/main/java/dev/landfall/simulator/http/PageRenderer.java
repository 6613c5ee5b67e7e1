package dev.landfall.simulator.http;

import dev.landfall.simulator.cdn.Representation;
import dev.landfall.simulator.model.ProjectState;
import dev.landfall.simulator.model.ProjectVersion;
import dev.landfall.simulator.model.Release;
import dev.landfall.simulator.model.Role;
import dev.landfall.simulator.model.SimFile;
import dev.landfall.simulator.model.Times;
import dev.landfall.simulator.wheel.ContentStore;
import dev.landfall.simulator.wheel.Digests;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders PyPI's page shapes (docs/architecture.md#simple-api-pages, docs/architecture.md#json-api) with absolute file URLs on this simulator.
 * Rendered project pages are cached in the {@link ProjectVersion}'s render slots.
 */
final class PageRenderer {

    static final String JSON_TYPE = "application/vnd.pypi.simple.v1+json";
    static final String HTML_TYPE = "text/html; charset=utf-8";
    static final String API_TYPE = "application/json";

    private final String baseUrl;
    private final ContentStore content;
    private final JsonMapper json;

    PageRenderer(String baseUrl, ContentStore content, JsonMapper json) {
        this.baseUrl = baseUrl;
        this.content = content;
        this.json = json;
    }

    Rendered render(ProjectVersion v, Representation rep) {
        Object cached = v.renderCache().get(rep.ordinal());
        if (cached instanceof Rendered r) {
            return r;
        }
        Rendered r = switch (rep) {
            case SIMPLE_JSON -> rendered(simpleJson(v.state()), "j", v.serial(), JSON_TYPE);
            case SIMPLE_HTML -> rendered(simpleHtml(v.state()), "h", v.serial(), HTML_TYPE);
            case JSON_API -> rendered(jsonApi(v.state(), null), "a", v.serial(), API_TYPE);
        };
        v.renderCache().set(rep.ordinal(), r);
        return r;
    }

    static Rendered rendered(byte[] body, String kind, long serial, String type) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return new Rendered(body, "\"" + kind + serial + "-" + Long.toHexString(crc.getValue()) + "\"", type);
    }

    /** Versions that have files (PyPI lists only those), in upload order. */
    private static List<String> versions(ProjectState s) {
        Set<String> out = new LinkedHashSet<>();
        for (Release r : s.releases()) {
            if (!r.files().isEmpty()) {
                out.add(r.version());
            }
        }
        return new ArrayList<>(out);
    }

    byte[] simpleJson(ProjectState s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeName("meta");
            g.writeStartObject();
            g.writeStringProperty("api-version", "1.4");
            g.writeNumberProperty("_last-serial", s.serial());
            g.writeEndObject();
            g.writeStringProperty("name", s.name());
            g.writeName("project-status");
            g.writeStartObject();
            g.writeStringProperty("status", "active");
            g.writeEndObject();
            g.writeName("versions");
            g.writeStartArray();
            for (String v : versions(s)) {
                g.writeString(v);
            }
            g.writeEndArray();
            g.writeName("files");
            g.writeStartArray();
            for (Release r : s.releases()) {
                for (SimFile f : r.files()) {
                    Digests d = content.digests(f);
                    g.writeStartObject();
                    g.writeStringProperty("filename", f.filename());
                    g.writeStringProperty("url", baseUrl + d.urlPath(f.filename()));
                    g.writeName("hashes");
                    g.writeStartObject();
                    g.writeStringProperty("sha256", d.sha256());
                    g.writeEndObject();
                    g.writeStringProperty("requires-python", r.requiresPython());
                    g.writeNumberProperty("size", d.size());
                    g.writeStringProperty("upload-time", f.uploadTimeIso());
                    g.writeName("yanked");
                    if (!r.yanked()) {
                        g.writeBoolean(false);
                    } else if (r.yankedReason().isEmpty()) {
                        g.writeBoolean(true);
                    } else {
                        g.writeString(r.yankedReason());
                    }
                    coreMetadata(g, "data-dist-info-metadata", d);
                    coreMetadata(g, "core-metadata", d);
                    g.writeNullProperty("provenance");
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void coreMetadata(JsonGenerator g, String name, Digests d) {
        g.writeName(name);
        if (d.metadataSha256() == null) {
            g.writeBoolean(false);
        } else {
            g.writeStartObject();
            g.writeStringProperty("sha256", d.metadataSha256());
            g.writeEndObject();
        }
    }

    byte[] simpleHtml(ProjectState s) {
        StringBuilder sb = new StringBuilder(2048);
        sb.append("<!DOCTYPE html>\n<html>\n  <head>\n")
                .append("    <meta name=\"pypi:repository-version\" content=\"1.4\">\n")
                .append("    <meta name=\"pypi:project-status\" content=\"active\">\n")
                .append("    <title>Links for ").append(s.name()).append("</title>\n  </head>\n  <body>\n")
                .append("    <h1>Links for ").append(s.name()).append("</h1>\n");
        for (Release r : s.releases()) {
            for (SimFile f : r.files()) {
                Digests d = content.digests(f);
                sb.append("    <a href=\"").append(baseUrl).append(d.urlPath(f.filename())).append("#sha256=")
                        .append(d.sha256()).append('"');
                if (r.requiresPython() != null) {
                    sb.append(" data-requires-python=\"").append(escape(r.requiresPython())).append('"');
                }
                if (r.yanked()) {
                    sb.append(" data-yanked=\"").append(escape(r.yankedReason())).append('"');
                }
                if (d.metadataSha256() != null) {
                    sb.append(" data-dist-info-metadata=\"sha256=").append(d.metadataSha256()).append('"');
                    sb.append(" data-core-metadata=\"sha256=").append(d.metadataSha256()).append('"');
                }
                sb.append('>').append(f.filename()).append("</a><br />\n");
            }
        }
        sb.append("  </body>\n</html>\n<!--SERIAL ").append(s.serial()).append("-->");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    byte[] rootHtml(List<ProjectState> projects) {
        StringBuilder sb = new StringBuilder(64 * projects.size() + 256);
        sb.append("<!DOCTYPE html>\n<html>\n  <head>\n")
                .append("    <meta name=\"pypi:repository-version\" content=\"1.4\">\n")
                .append("    <title>Simple index</title>\n  </head>\n  <body>\n");
        for (ProjectState p : projects) {
            sb.append("    <a href=\"/simple/").append(p.name()).append("/\">").append(escape(p.displayName()))
                    .append("</a>\n");
        }
        sb.append("  </body>\n</html>");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    byte[] rootJson(long lastSerial, List<ProjectState> projects) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * projects.size() + 256);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeName("meta");
            g.writeStartObject();
            g.writeStringProperty("api-version", "1.4");
            g.writeNumberProperty("_last-serial", lastSerial);
            g.writeEndObject();
            g.writeName("projects");
            g.writeStartArray();
            for (ProjectState p : projects) {
                g.writeStartObject();
                g.writeStringProperty("name", p.displayName());
                g.writeNumberProperty("_last-serial", p.serial());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** The release {@code info} describes: newest non-yanked final release, else the newest one. */
    static @Nullable Release latest(ProjectState s) {
        Release fallback = null;
        for (int i = s.releases().size() - 1; i >= 0; i--) {
            Release r = s.releases().get(i);
            if (fallback == null) {
                fallback = r;
            }
            if (!r.yanked() && !r.prerelease()) {
                return r;
            }
        }
        return fallback;
    }

    /** JSON API ({@code /pypi/<p>/json}, or {@code /pypi/<p>/<v>/json} when {@code only} is set: no releases). */
    byte[] jsonApi(ProjectState s, @Nullable Release only) {
        Release info = only != null ? only : latest(s);
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeName("info");
            info(g, s, info);
            g.writeNumberProperty("last_serial", s.serial());
            if (only == null) {
                g.writeName("releases");
                g.writeStartObject();
                for (Release r : s.releases()) {
                    g.writeName(r.version());
                    files(g, r);
                }
                g.writeEndObject();
            }
            g.writeName("urls");
            if (info == null) {
                g.writeStartArray();
                g.writeEndArray();
            } else {
                files(g, info);
            }
            g.writeName("vulnerabilities");
            g.writeStartArray();
            g.writeEndArray();
            g.writeName("ownership");
            g.writeStartObject();
            g.writeNullProperty("organization");
            g.writeName("roles");
            g.writeStartArray();
            for (Role role : s.roles()) {
                g.writeStartObject();
                g.writeStringProperty("role", role.role());
                g.writeStringProperty("user", role.user());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private void info(JsonGenerator g, ProjectState s, @Nullable Release r) {
        g.writeStartObject();
        g.writeStringProperty("author", "");
        g.writeStringProperty("author_email", "");
        g.writeNullProperty("bugtrack_url");
        g.writeName("classifiers");
        g.writeStartArray();
        g.writeEndArray();
        g.writeStringProperty("description", "");
        g.writeNullProperty("description_content_type");
        g.writeNullProperty("docs_url");
        g.writeName("downloads");
        g.writeStartObject();
        g.writeNumberProperty("last_day", -1);
        g.writeNumberProperty("last_month", -1);
        g.writeNumberProperty("last_week", -1);
        g.writeEndObject();
        g.writeNullProperty("home_page");
        g.writeStringProperty("keywords", "");
        g.writeNullProperty("license");
        g.writeStringProperty("name", s.displayName());
        g.writeStringProperty("package_url", baseUrl + "/project/" + s.name() + "/");
        g.writeNullProperty("platform");
        g.writeStringProperty("project_url", baseUrl + "/project/" + s.name() + "/");
        g.writeNullProperty("project_urls");
        if (r != null) {
            g.writeStringProperty("release_url", baseUrl + "/project/" + s.name() + "/" + r.version() + "/");
            g.writeName("requires_dist");
            if (r.requiresDist().isEmpty()) {
                g.writeNull();
            } else {
                g.writeStartArray();
                for (String d : r.requiresDist()) {
                    g.writeString(d);
                }
                g.writeEndArray();
            }
            g.writeStringProperty("requires_python", r.requiresPython());
            g.writeStringProperty("summary", r.summary());
            g.writeStringProperty("version", r.version());
            g.writeBooleanProperty("yanked", r.yanked());
            g.writeStringProperty("yanked_reason", r.yanked() && !r.yankedReason().isEmpty() ? r.yankedReason() : null);
        }
        g.writeEndObject();
    }

    private void files(JsonGenerator g, Release r) {
        g.writeStartArray();
        for (SimFile f : r.files()) {
            Digests d = content.digests(f);
            g.writeStartObject();
            g.writeStringProperty("comment_text", "");
            g.writeName("core-metadata");
            if (d.metadataSha256() == null) {
                g.writeBoolean(false);
            } else {
                g.writeStartObject();
                g.writeStringProperty("sha256", d.metadataSha256());
                g.writeEndObject();
            }
            g.writeName("digests");
            g.writeStartObject();
            g.writeStringProperty("blake2b_256", d.pathHash());
            g.writeStringProperty("md5", d.md5());
            g.writeStringProperty("sha256", d.sha256());
            g.writeEndObject();
            g.writeNumberProperty("downloads", -1);
            g.writeStringProperty("filename", f.filename());
            g.writeBooleanProperty("has_sig", false);
            g.writeStringProperty("md5_digest", d.md5());
            g.writeStringProperty("packagetype", f.kind().isWheel() ? "bdist_wheel" : "sdist");
            g.writeStringProperty("python_version", f.pythonTag());
            g.writeStringProperty("requires_python", r.requiresPython());
            g.writeNumberProperty("size", d.size());
            g.writeStringProperty("upload_time", Times.isoSeconds(f.uploadEpochSecond()));
            g.writeStringProperty("upload_time_iso_8601", f.uploadTimeIso());
            g.writeStringProperty("url", baseUrl + d.urlPath(f.filename()));
            g.writeBooleanProperty("yanked", r.yanked());
            g.writeStringProperty("yanked_reason", r.yanked() && !r.yankedReason().isEmpty() ? r.yankedReason() : null);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
