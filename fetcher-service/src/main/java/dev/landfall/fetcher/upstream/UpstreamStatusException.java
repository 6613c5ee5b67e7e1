package dev.landfall.fetcher.upstream;

import dev.landfall.common.project.ProjectName;

/** Upstream answered with an unexpected HTTP status (5xx, 429, a 404 for a file, ...). */
public final class UpstreamStatusException extends UpstreamException {
    private final int status;

    public UpstreamStatusException(ProjectName project, long serial, String uri, int status) {
        super(project, serial, "HTTP " + status + " for " + uri, null);
        this.status = status;
    }

    public int status() { return status; }

    @Override
    public String kind() {
        return "status";
    }
}
