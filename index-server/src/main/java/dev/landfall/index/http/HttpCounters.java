package dev.landfall.index.http;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counts by route and outcome: a LongAdder per cell on the hot path, exposed to
 * Micrometer as function counters (no per-request Timer: see docs/architecture.md#measurements-behind-the-stack-choices).
 */
public final class HttpCounters implements MeterBinder {

    /** The hot path's routes. */
    public enum Route { ROOT, PROJECT, PACKAGE, PINNED, VIEW, OTHER }

    /** Coarse outcome classes. */
    public enum Outcome { OK, NOT_MODIFIED, REDIRECT, CLIENT_ERROR, SERVER_ERROR }

    private final Map<Route, Map<Outcome, LongAdder>> counts = new EnumMap<>(Route.class);

    public HttpCounters() {
        for (Route r : Route.values()) {
            Map<Outcome, LongAdder> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome o : Outcome.values()) {
                byOutcome.put(o, new LongAdder());
            }
            counts.put(r, byOutcome);
        }
    }

    void count(Route route, int status) {
        Outcome o = status == 304 ? Outcome.NOT_MODIFIED
                : status >= 500 ? Outcome.SERVER_ERROR
                : status >= 400 ? Outcome.CLIENT_ERROR
                : status >= 300 ? Outcome.REDIRECT : Outcome.OK;
        counts.get(route).get(o).increment();
    }

    public long total(Route route, Outcome outcome) {
        return counts.get(route).get(outcome).sum();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counts.forEach((route, byOutcome) -> byOutcome.forEach((outcome, adder) ->
                FunctionCounter.builder("landfall.index.requests", adder, LongAdder::doubleValue)
                        .description("Hot-path requests by route and outcome")
                        .tag("route", route.name().toLowerCase())
                        .tag("outcome", outcome.name().toLowerCase())
                        .register(registry)));
    }
}
