package dev.landfall.fetcher.upstream;

import dev.landfall.common.project.ProjectName;
import org.jspecify.annotations.Nullable;

/** Upstream answered 404 and the ledger does not (yet) say the project was removed: transient. */
public final class ProjectNotFoundException extends UpstreamException {
    public ProjectNotFoundException(ProjectName project, long serial, String message, @Nullable Throwable cause) {
        super(project, serial, message, cause);
    }

    public ProjectNotFoundException(ProjectName project, long serial, String message) {
        this(project, serial, message, null);
    }

    @Override
    public String kind() {
        return "not-found";
    }
}
