package dev.landfall.poller.upstream;

/** The XML-RPC endpoint answered with an HTTP status other than 200. */
public final class UpstreamHttpException extends RuntimeException {
    private final int status;

    public UpstreamHttpException(String method, int status) {
        super("XML-RPC " + method + " answered HTTP " + status);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** 5xx and 429 may pass; other statuses will not get better by asking again. */
    public boolean isTransient() {
        return status >= 500 || status == 429;
    }
}
