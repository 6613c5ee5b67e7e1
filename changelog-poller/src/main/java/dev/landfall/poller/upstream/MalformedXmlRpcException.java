package dev.landfall.poller.upstream;

import org.jspecify.annotations.Nullable;

/** An upstream answer that is not a well-formed XML-RPC response of the expected shape; nothing of it is used. */
public final class MalformedXmlRpcException extends RuntimeException {
    public MalformedXmlRpcException(String message) {
        super(message);
    }

    public MalformedXmlRpcException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
