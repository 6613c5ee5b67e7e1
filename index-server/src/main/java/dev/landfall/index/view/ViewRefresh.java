package dev.landfall.index.view;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The background loop of {@link TeamViews#refresh()}. A failing round is logged once per distinct error and
 * retried next round: the {@code team_view} table and the stored snapshots are its input, so nothing is lost.
 */
public final class ViewRefresh implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ViewRefresh.class);

    private final TeamViews views;
    private final ViewServingProperties properties;
    private volatile @Nullable ScheduledExecutorService executor;
    private volatile String lastError = "";

    public ViewRefresh(TeamViews views, ViewServingProperties properties) {
        this.views = views;
        this.properties = properties;
    }

    @Override
    public void start() {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "landfall-index-views");
            t.setDaemon(true);
            return t;
        });
        ex.scheduleWithFixedDelay(this::round, 0, properties.refreshInterval().toMillis(), TimeUnit.MILLISECONDS);
        executor = ex;
    }

    private void round() {
        try {
            views.refresh();
            lastError = "";
        } catch (Throwable e) {
            String msg = String.valueOf(e);
            if (!msg.equals(lastError)) {
                log.warn("view refresh failed (retrying every round): {}", msg);
            }
            lastError = msg;
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService ex = executor;
        if (ex != null) {
            ex.shutdownNow();
        }
        executor = null;
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
