package dev.landfall.fetcher.upstream;

import dev.landfall.common.project.ProjectName;
import org.jspecify.annotations.Nullable;

/** An upstream page or sidecar larger than the configured limit (an absurd answer, not read further). */
final class PageTooLargeException extends UpstreamException {
    public PageTooLargeException(ProjectName project, long serial, String message, @Nullable Throwable cause) {
        super(project, serial, message, cause);
    }

    public PageTooLargeException(ProjectName project, long serial, String message) {
        this(project, serial, message, null);
    }

    @Override
    public String kind() {
        return "too-large";
    }
}
