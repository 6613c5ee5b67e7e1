package dev.landfall.poller.upstream;

/** The upstream call could not be made or completed (I/O error, timeout, circuit open). */
public final class UpstreamUnavailableException extends RuntimeException {
    public UpstreamUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
