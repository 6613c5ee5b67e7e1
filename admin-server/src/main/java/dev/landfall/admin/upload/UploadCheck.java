package dev.landfall.admin.upload;

import dev.landfall.common.project.ProjectName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Whether an upload form and the file it carries may land (README "Team views"): the legacy upload API's
 * {@code :action=file_upload}, a filename that follows the wheel or sdist rules and matches {@code filetype}, the
 * form's name and version equal to the filename's and to the core metadata's, every digest the client sent equal to
 * the one computed over the bytes received (at least one sent), and readable core metadata. Pure: the I/O (reading
 * the part, computing digests, extracting the metadata) happens before. Messages are what twine and uv print.
 */
final class UploadCheck {

    /** The digests computed over the bytes received, lowercase hex. */
    record Digests(String sha256, String md5, String blake2b256) {
    }

    sealed interface Result {
    }

    record Accepted(DistFile file, CoreMetadata metadata) implements Result {
    }

    record Refused(String message) implements Result {
    }

    private UploadCheck() {
    }

    /** The form's fields that come before the file: action, filename rules, filetype. */
    static Result form(Map<String, String> form, @Nullable String filename) {
        String action = form.get(":action");
        if (!"file_upload".equals(action)) {
            return new Refused("Unsupported ':action' " + (action == null ? "(none)" : "'" + action + "'") + ": only file_upload is accepted");
        }
        if (filename == null || filename.isEmpty()) {
            return new Refused("Upload has no 'content' file");
        }
        Optional<DistFile> dist = DistFile.parse(filename);
        if (dist.isEmpty()) {
            return new Refused("Invalid distribution filename '" + filename
                    + "': expected name-version[-build]-python-abi-platform.whl or name-version.tar.gz");
        }
        String filetype = form.get("filetype");
        if (!dist.get().type().equals(filetype)) {
            return new Refused("Invalid filetype '" + filetype + "' for " + filename + ": expected " + dist.get().type());
        }
        return new Accepted(dist.get(), null);
    }

    /** The whole upload: {@link #form}, then names, versions, digests and metadata. */
    static Result check(Map<String, String> form, @Nullable String filename, Digests received, @Nullable CoreMetadata metadata) {
        Result first = form(form, filename);
        if (first instanceof Refused) {
            return first;
        }
        DistFile dist = ((Accepted) first).file();
        String name = form.getOrDefault("name", "");
        String version = form.getOrDefault("version", "");
        if (name.isEmpty() || !ProjectName.normalize(name).equals(dist.project())) {
            return new Refused("Form name '" + name + "' does not match the filename " + dist.filename());
        }
        if (version.isEmpty() || !DistFile.sameVersion(version, dist.version())) {
            return new Refused("Form version '" + version + "' does not match the filename " + dist.filename());
        }
        List<String> mismatched = new ArrayList<>();
        int sent = 0;
        for (String[] d : new String[][]{{"sha256_digest", received.sha256()}, {"md5_digest", received.md5()},
                {"blake2_256_digest", received.blake2b256()}}) {
            String claimed = form.get(d[0]);
            if (claimed == null || claimed.isBlank()) {
                continue;
            }
            sent++;
            if (!claimed.trim().toLowerCase(Locale.ROOT).equals(d[1])) {
                mismatched.add(d[0]);
            }
        }
        if (sent == 0) {
            return new Refused("Upload sends no digest (sha256_digest, blake2_256_digest or md5_digest)");
        }
        if (!mismatched.isEmpty()) {
            return new Refused("Digest mismatch for " + dist.filename() + ": " + String.join(", ", mismatched)
                    + " of the bytes received differ from the form's; nothing was stored");
        }
        if (metadata == null) {
            return new Refused("Invalid distribution " + dist.filename() + ": no readable core metadata ("
                    + (DistFile.WHEEL.equals(dist.type()) ? "*.dist-info/METADATA" : "<dir>/PKG-INFO") + ")");
        }
        if (!ProjectName.normalize(metadata.name()).equals(dist.project())) {
            return new Refused("Metadata name '" + metadata.name() + "' does not match the filename " + dist.filename());
        }
        if (!DistFile.sameVersion(metadata.version(), dist.version())) {
            return new Refused("Metadata version '" + metadata.version() + "' does not match the filename " + dist.filename());
        }
        return new Accepted(dist, metadata);
    }
}
