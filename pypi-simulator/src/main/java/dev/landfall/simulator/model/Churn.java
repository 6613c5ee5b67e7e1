package dev.landfall.simulator.model;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Applies journal transactions in the background at a configurable rate. The rate only decides <em>when</em>
 * transactions happen; which transactions happen is fixed by the seed.
 */
public final class Churn implements AutoCloseable {

    private static final long TICK_MILLIS = 10;
    /** Never catch up more than this many transactions at once after a pause (GC, busy machine). */
    private static final double MAX_CREDIT = 5_000;

    private final World world;
    private final ScheduledExecutorService executor;
    private volatile double perSecond;
    private double credit;
    private long lastNanos = System.nanoTime();

    public Churn(World world, double perSecond) {
        this.world = world;
        this.perSecond = perSecond;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pypi-sim-churn");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    public double perSecond() {
        return perSecond;
    }

    public void setPerSecond(double perSecond) {
        if (perSecond < 0 || Double.isNaN(perSecond)) {
            throw new IllegalArgumentException("churn rate must be >= 0: " + perSecond);
        }
        this.perSecond = perSecond;
    }

    private void tick() {
        long now = System.nanoTime();
        double elapsed = (now - lastNanos) / 1e9;
        lastNanos = now;
        double rate = perSecond;
        if (rate <= 0) {
            credit = 0;
            return;
        }
        credit = Math.min(MAX_CREDIT, credit + rate * elapsed);
        int n = (int) credit;
        if (n > 0) {
            credit -= n;
            try {
                world.advance(n);
            } catch (RuntimeException e) {
                // A generator bug must not silently stop churn forever; surface it once per tick.
                LoggerFactory.getLogger(Churn.class).error("churn transaction failed", e);
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
