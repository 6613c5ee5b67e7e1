package dev.landfall.poller.upstream;

/** An XML-RPC {@code <fault>} answer (docs/architecture.md#xml-rpc-changelog); code -32500 is PyPI's rate limit. */
public final class XmlRpcFaultException extends RuntimeException {

    /** Warehouse's fault code for HTTPTooManyRequests. */
    public static final int RATE_LIMITED = -32500;

    private final int code;

    public XmlRpcFaultException(int code, String faultString) {
        super("XML-RPC fault " + code + ": " + faultString);
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean isRateLimit() {
        return code == RATE_LIMITED;
    }
}
