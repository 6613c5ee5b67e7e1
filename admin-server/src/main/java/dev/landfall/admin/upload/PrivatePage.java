package dev.landfall.admin.upload;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A private project's PEP 691 JSON page at a local serial, in the layout of the mirror's page objects
 * (docs/architecture.md#page-objects): files in upload order with {@code url} {@code /packages/…}, {@code hashes},
 * {@code size}, {@code upload-time}, {@code requires-python}, {@code yanked} and {@code core-metadata} (every upload
 * stores its metadata), PEP 700 {@code versions}, and {@code meta._last-serial} = the view's local serial. The
 * index server renders the HTML from it. Pure.
 */
final class PrivatePage {

    /** One file of the page, as {@code private_file} holds it. */
    record File(String filename, String version, String storageKey, long size, String sha256, String metadataSha256,
                @Nullable String requiresPython, Instant uploadedAt, boolean yanked, @Nullable String yankedReason) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter UPLOAD_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private PrivatePage() {
    }

    static byte[] json(String project, long localSerial, List<File> files) {
        ObjectNode page = JSON.createObjectNode();
        ObjectNode meta = page.putObject("meta");
        meta.put("api-version", "1.4");
        meta.put("_last-serial", localSerial);
        page.put("name", project);
        ArrayNode list = page.putArray("files");
        Set<String> versions = new LinkedHashSet<>();
        for (File f : files) {
            ObjectNode o = list.addObject();
            o.put("filename", f.filename());
            o.put("url", "/" + f.storageKey());
            o.putObject("hashes").put("sha256", f.sha256());
            if (f.requiresPython() != null) {
                o.put("requires-python", f.requiresPython());
            }
            o.putObject("core-metadata").put("sha256", f.metadataSha256());
            o.put("size", f.size());
            o.put("upload-time", UPLOAD_TIME.format(f.uploadedAt()));
            if (f.yanked() && f.yankedReason() != null && !f.yankedReason().isEmpty()) {
                o.put("yanked", f.yankedReason());
            } else {
                o.put("yanked", f.yanked());
            }
            versions.add(f.version());
        }
        ArrayNode v = page.putArray("versions");
        versions.forEach(v::add);
        return JSON.writeValueAsBytes(page);
    }
}
