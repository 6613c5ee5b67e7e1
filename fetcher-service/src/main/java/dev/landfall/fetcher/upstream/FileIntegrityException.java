package dev.landfall.fetcher.upstream;

import dev.landfall.common.project.ProjectName;
import org.jspecify.annotations.Nullable;

/** A downloaded file or sidecar did not match its sha256 or size; nothing was stored. */
public final class FileIntegrityException extends UpstreamException {
    public FileIntegrityException(ProjectName project, long serial, String message, @Nullable Throwable cause) {
        super(project, serial, message, cause);
    }

    public FileIntegrityException(ProjectName project, long serial, String message) {
        this(project, serial, message, null);
    }

    @Override
    public String kind() {
        return "hash-mismatch";
    }
}
