package dev.landfall.simulator.xmlrpc;

/** The request body is not a well-formed XML-RPC {@code methodCall}. */
final class XmlRpcParseException extends Exception {

    XmlRpcParseException(String message) {
        super(message);
    }

    XmlRpcParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
