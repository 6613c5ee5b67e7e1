package dev.landfall.testsupport;

import dev.landfall.simulator.PypiSimulator;
import dev.landfall.simulator.SimulatorConfig;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The PyPI simulator in this JVM as the test's upstream, started per test class.
 *
 * <pre>
 * &#64;RegisterExtension static final Simulator sim = new Simulator(SimulatorConfig.builder().seed(1).projects(50).build());
 * &#64;DynamicPropertySource static void props(DynamicPropertyRegistry r) { sim.register(r); }
 * </pre>
 */
public final class Simulator extends ManagedResource {

    private final SimulatorConfig config;
    private @Nullable PypiSimulator simulator;

    public Simulator(SimulatorConfig config) {
        this.config = config;
    }

    @Override
    synchronized void start(String owner) {
        if (simulator == null) {
            simulator = PypiSimulator.start(config);
        }
    }

    @Override
    synchronized boolean isRunning() {
        return simulator != null;
    }

    /** The running simulator (advance, churn, faults, oracle). */
    public synchronized PypiSimulator get() {
        if (simulator == null) {
            throw new IllegalStateException("Simulator not started (register it with @RegisterExtension static final, or call start())");
        }
        return simulator;
    }

    /** {@code http://127.0.0.1:<port>}, no trailing slash. */
    public String baseUrl() {
        return get().baseUrl();
    }

    /** Sets {@code landfall.upstream.url} to the simulator. */
    public void register(DynamicPropertyRegistry registry) {
        ManagedResource.register(springProperties(), registry);
    }

    @Override
    Map<String, Supplier<String>> springProperties() {
        return Map.of("landfall.upstream.url", this::baseUrl);
    }

    @Override
    public synchronized void close() {
        if (simulator != null) {
            PypiSimulator s = simulator;
            simulator = null;
            s.close();
        }
    }
}
