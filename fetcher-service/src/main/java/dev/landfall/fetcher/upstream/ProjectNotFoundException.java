package dev.landfall.fetcher.upstream;

import org.jspecify.annotations.Nullable;

/** Upstream answered 404 and the ledger does not (yet) say the project was removed: transient. */
public final class ProjectNotFoundException extends UpstreamException {
    public ProjectNotFoundException(String project, long serial, String message, @Nullable Throwable cause) {
        super(project, serial, message, cause);
    }

    public ProjectNotFoundException(String project, long serial, String message) {
        this(project, serial, message, null);
    }

    @Override
    public String kind() {
        return "not-found";
    }
}
