package dev.landfall.simulator.http;

import dev.landfall.simulator.cdn.Cdn;
import dev.landfall.simulator.model.World;
import dev.landfall.simulator.wheel.ContentStore;
import dev.landfall.simulator.xmlrpc.XmlRpcEndpoint;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one Jetty core handler: {@code /_sim/} goes to the control endpoints (never faulted), everything else to the
 * PyPI surface, delayed first when the CDN picks a slow response.
 */
public final class SimulatorHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorHandler.class);

    private final PypiSurface surface;
    private final ControlEndpoints control;
    private final Cdn cdn;
    private final Scheduler scheduler;
    private final Executor executor;

    public SimulatorHandler(String baseUrl, World world, ContentStore content, Cdn cdn, XmlRpcEndpoint xmlrpc,
                            Control control, JsonMapper json, Scheduler scheduler,
                            Executor executor) {
        super(InvocationType.BLOCKING);
        this.surface = new PypiSurface(world, content, cdn, xmlrpc, new PageRenderer(baseUrl, content, json));
        this.control = new ControlEndpoints(control, json);
        this.cdn = cdn;
        this.scheduler = scheduler;
        this.executor = executor;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (path.startsWith("/_sim/")) {
            control.serve(request, response, callback, path);
            return true;
        }
        long delay = cdn.slowDelayMillis();
        if (delay > 0) {
            scheduler.schedule(() -> executor.execute(() -> serveSafely(request, response, callback, path)), delay,
                    TimeUnit.MILLISECONDS);
            return true;
        }
        surface.serve(request, response, callback, path);
        return true;
    }

    private void serveSafely(Request request, Response response, Callback callback, String path) {
        try {
            surface.serve(request, response, callback, path);
        } catch (Exception e) {
            LOG.warn("delayed response for {} failed: {}", path, e.toString());
            callback.failed(e);
        }
    }
}
