package dev.landfall.poller;

import dev.landfall.simulator.PypiSimulator;
import dev.landfall.simulator.SimulatorConfig;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/** The simulator per test class (stand-in until test-support's {@code Simulator} extension is available). */
final class LocalSimulator implements BeforeAllCallback, AfterAllCallback {

    private final SimulatorConfig config;
    private @Nullable PypiSimulator simulator;

    LocalSimulator(SimulatorConfig config) {
        this.config = config;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        simulator = PypiSimulator.start(config);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }

    PypiSimulator get() {
        return Objects.requireNonNull(simulator, "simulator not started");
    }

    void register(DynamicPropertyRegistry registry) {
        registry.add("landfall.upstream.url", () -> get().baseUrl());
    }
}
