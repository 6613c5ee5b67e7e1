package dev.landfall.fetcher.upstream;

import dev.landfall.common.project.ProjectName;
import org.jspecify.annotations.Nullable;

/** The page upstream answered is older than the event (or has no usable stamp): never recorded, waited out. */
public final class StalePageException extends UpstreamException {
    public StalePageException(ProjectName project, long serial, String message, @Nullable Throwable cause) {
        super(project, serial, message, cause);
    }

    public StalePageException(ProjectName project, long serial, String message) {
        this(project, serial, message, null);
    }

    @Override
    public String kind() {
        return "stale";
    }
}
