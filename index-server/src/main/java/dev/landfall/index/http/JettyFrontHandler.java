package dev.landfall.index.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Plugs {@link IndexHandler} in front of Boot's embedded Jetty: the server's handler (the servlet
 * context with Spring MVC, Actuator, the status page) is wrapped, so {@code /simple/},
 * {@code /packages/} and {@code /snapshots/} never enter the servlet stack (docs/decisions/004-jetty-handler-hot-path.md: a core
 * handler reaches nginx's rate, Spring MVC about half). The index handler is looked up lazily
 * because the web server factory is customized before most beans exist. Team views ({@code /t/…}) go to their
 * own {@link TeamViewHandler}.
 */
public final class JettyFrontHandler implements WebServerFactoryCustomizer<JettyServletWebServerFactory> {

    private final ObjectProvider<IndexHandler> indexHandler;
    private final ObjectProvider<TeamViewHandler> teamViewHandler;

    public JettyFrontHandler(ObjectProvider<IndexHandler> indexHandler, ObjectProvider<TeamViewHandler> teamViewHandler) {
        this.indexHandler = indexHandler;
        this.teamViewHandler = teamViewHandler;
    }

    @Override
    public void customize(JettyServletWebServerFactory factory) {
        factory.addServerCustomizers(server -> server.setHandler(new Front(server.getHandler(), indexHandler, teamViewHandler)));
    }

    private static final class Front extends Handler.Wrapper {
        private final ObjectProvider<IndexHandler> indexHandler;
        private final ObjectProvider<TeamViewHandler> teamViewHandler;
        private volatile @Nullable IndexHandler resolved;
        private volatile @Nullable TeamViewHandler resolvedViews;

        Front(Handler servletStack, ObjectProvider<IndexHandler> indexHandler, ObjectProvider<TeamViewHandler> teamViewHandler) {
            super(servletStack);
            this.indexHandler = indexHandler;
            this.teamViewHandler = teamViewHandler;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = request.getHttpURI().getPath();
            if (path != null && IndexHandler.owns(path)) {
                IndexHandler h = resolved;
                if (h == null) {
                    h = indexHandler.getObject();
                    resolved = h;
                }
                if (h.handle(request, response, callback)) {
                    return true;
                }
            } else if (path != null && TeamViewHandler.owns(path)) {
                TeamViewHandler v = resolvedViews;
                if (v == null) {
                    v = teamViewHandler.getObject();
                    resolvedViews = v;
                }
                if (v.handle(request, response, callback)) {
                    return true;
                }
            }
            return super.handle(request, response, callback);
        }
    }
}
