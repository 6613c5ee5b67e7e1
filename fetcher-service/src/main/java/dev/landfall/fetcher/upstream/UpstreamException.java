package dev.landfall.fetcher.upstream;

import dev.landfall.common.project.ProjectName;
import org.jspecify.annotations.Nullable;

/**
 * An upstream fault while syncing one project for one event. Carries project and serial so the one log
 * line and the metric say what was affected; {@link #kind()} is the metric tag. All of these are
 * retried (upstream may heal); only malformed events and invalid names go straight to the dead letters.
 */
public abstract class UpstreamException extends RuntimeException {
    private final ProjectName project;
    private final long serial;

    protected UpstreamException(ProjectName project, long serial, String message, @Nullable Throwable cause) {
        super(project + "@" + serial + ": " + message, cause);
        this.project = project;
        this.serial = serial;
    }

    public ProjectName project() { return project; }
    public long serial() { return serial; }

    /** Short metric tag. */
    public abstract String kind();
}
