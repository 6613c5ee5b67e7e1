package dev.landfall.fetcher.upstream;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * One upstream page answer: 200 (body read, bounded), 304 (no body: same object as the ETag sent) or 404.
 *
 * @param uri         the URL finally answered (after redirects), the base for relative file URLs
 * @param serialHeader raw {@code X-PyPI-Last-Serial}, null when absent
 */
public record PageResponse(int status, URI uri, @Nullable String serialHeader, @Nullable String etag, byte[] body) {

    public boolean notModified() { return status == 304; }
    public boolean notFound() { return status == 404; }
}
