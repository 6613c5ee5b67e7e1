package dev.landfall.common.storage;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code landfall.storage.errors} by operation: storage answered with an error or did not answer (an
 * absent object and a rejected hash are answers, not errors). Every operation's counter exists from the
 * start at zero, so dashboards and alerts find the series before the first outage.
 */
public final class StorageMetrics implements MeterBinder {

    /** The port's operations, the {@code operation} tag. */
    public enum Operation { PUT, STAT, GET, DELETE, LIST }

    private final Map<Operation, LongAdder> errors = new EnumMap<>(Operation.class);

    public StorageMetrics() {
        for (Operation o : Operation.values()) {
            errors.put(o, new LongAdder());
        }
    }

    void error(Operation operation) {
        errors.get(operation).increment();
    }

    public long errors(Operation operation) {
        return errors.get(operation).sum();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        errors.forEach((operation, adder) -> FunctionCounter.builder("landfall.storage.errors", adder, LongAdder::doubleValue)
                .description("Storage operations that failed (not: absent object, integrity rejection)")
                .tag("operation", operation.name().toLowerCase(Locale.ROOT))
                .register(registry));
    }
}
