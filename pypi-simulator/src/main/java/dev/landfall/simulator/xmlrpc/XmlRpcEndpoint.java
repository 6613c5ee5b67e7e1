package dev.landfall.simulator.xmlrpc;

import dev.landfall.simulator.model.World;
import java.util.List;

/**
 * PyPI's three mirroring methods. Faults mirror pyramid_rpc's codes: -32700 parse error, -32601 unknown method,
 * -32602 invalid parameters, -32500 application error (the deprecated {@code changelog} method).
 */
public final class XmlRpcEndpoint {

    private final World world;
    private final int pageSize;
    private final long listingLag;
    private final XmlRpcParser parser = new XmlRpcParser();

    public XmlRpcEndpoint(World world, int pageSize, long listingLag) {
        this.world = world;
        this.pageSize = pageSize;
        this.listingLag = listingLag;
    }

    /** The response body (always HTTP 200, faults included, as Python's XML-RPC servers do). */
    public byte[] handle(String body) {
        XmlRpcCall call;
        try {
            call = parser.parse(body);
        } catch (XmlRpcParseException e) {
            return XmlRpcWriter.fault(-32700, "parse error; " + e.getMessage());
        }
        List<Object> p = call.params();
        switch (call.method()) {
            case "changelog_last_serial" -> {
                if (!p.isEmpty()) {
                    return invalidParams(call, "takes no arguments");
                }
                return XmlRpcWriter.intResponse(world.lastSerial());
            }
            case "changelog_since_serial" -> {
                if (p.size() != 1 || !(p.get(0) instanceof Long since)) {
                    return invalidParams(call, "since_serial must be a single int");
                }
                return XmlRpcWriter.changelog(world.changelogSince(since, pageSize));
            }
            case "list_packages_with_serial" -> {
                if (!p.isEmpty()) {
                    return invalidParams(call, "takes no arguments");
                }
                return XmlRpcWriter.struct(world.listingAt(Math.max(0, world.lastSerial() - listingLag)));
            }
            case "changelog" -> {
                return XmlRpcWriter.fault(-32500, "RuntimeError: This API has been deprecated. Use "
                        + "changelog_since_serial instead.");
            }
            default -> {
                return XmlRpcWriter.fault(-32601, "method not found; " + call.method());
            }
        }
    }

    private static byte[] invalidParams(XmlRpcCall call, String why) {
        return XmlRpcWriter.fault(-32602, "client error; invalid method parameters for " + call.method() + ": " + why);
    }
}
