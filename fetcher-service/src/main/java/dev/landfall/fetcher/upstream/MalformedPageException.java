package dev.landfall.fetcher.upstream;

import dev.landfall.common.project.ProjectName;
import org.jspecify.annotations.Nullable;

/** Upstream sent a page that cannot be parsed or holds unsafe values (path traversal, bad hashes). */
public final class MalformedPageException extends UpstreamException {
    public MalformedPageException(ProjectName project, long serial, String message, @Nullable Throwable cause) {
        super(project, serial, message, cause);
    }

    public MalformedPageException(ProjectName project, long serial, String message) {
        this(project, serial, message, null);
    }

    @Override
    public String kind() {
        return "malformed";
    }
}
