package dev.landfall.fetcher.upstream;

import dev.landfall.common.project.ProjectName;
import org.jspecify.annotations.Nullable;

/** The connection failed or a body was truncated. */
public final class UpstreamIoException extends UpstreamException {
    public UpstreamIoException(ProjectName project, long serial, String message, @Nullable Throwable cause) {
        super(project, serial, message, cause);
    }

    public UpstreamIoException(ProjectName project, long serial, String message) {
        this(project, serial, message, null);
    }

    @Override
    public String kind() {
        return "io";
    }
}
