package dev.landfall.index.http;

import dev.landfall.index.run.ClientAddress;
import dev.landfall.index.run.RunKey;
import dev.landfall.index.run.RunTable;
import dev.landfall.index.run.TrustedProxies;
import java.util.function.LongPredicate;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.jspecify.annotations.Nullable;

/**
 * The Jetty side of run stickiness for clients without the run cookie: the request's {@link RunKey}
 * (peer address, or the client a trusted proxy names, and {@code User-Agent}) and its arrival time, handed
 * to the {@link RunTable}. Per request: two header lookups and one concurrent-map update, no I/O.
 */
final class CookielessRuns {

    private final RunTable table;
    private final TrustedProxies trusted;
    private final LongPredicate servable;

    /** @param servable whether a snapshot is still retained (the catalog's in-memory set) */
    CookielessRuns(RunTable table, TrustedProxies trusted, LongPredicate servable) {
        this.table = table;
        this.trusted = trusted;
        this.servable = servable;
    }

    /** The serial the request's run reads, or null when stickiness is off or nothing is published yet. */
    @Nullable Long serial(Request request, @Nullable Long current, boolean rootIndex) {
        if (current == null || !table.enabled()) {
            return null;
        }
        // The root index opens a traversal (mirroring tools, crawlers, probes read it first; pip and uv never
        // read it): it starts a new run on the current snapshot, so a client polling it is not held back.
        return table.serialFor(key(request), current, request.getBeginNanoTime(), servable, rootIndex);
    }

    /** A file request keeps its client's run alive. */
    void touch(Request request) {
        if (table.enabled()) {
            table.touch(key(request), request.getBeginNanoTime());
        }
    }

    private RunKey key(Request request) {
        HttpFields headers = request.getHeaders();
        String peer = Request.getRemoteAddr(request);
        String address = trusted.isEmpty() ? peer
                : ClientAddress.resolve(peer, headers.get(HttpHeader.FORWARDED), headers.get(HttpHeader.X_FORWARDED_FOR), trusted);
        return RunKey.of(address, headers.get(HttpHeader.USER_AGENT));
    }
}
