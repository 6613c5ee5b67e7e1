package dev.landfall.testsupport;

import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Lifecycle shared by the extensions: started in {@code beforeAll}, closed when the test class's
 * extension context is closed.
 *
 * <p>Why not {@code afterAll}: JUnit runs {@code afterAll} callbacks in reverse registration order,
 * so a {@code @RegisterExtension} field would stop before the class-level {@code SpringExtension}
 * closes a {@code @DirtiesContext} application context; the still-running context would then log
 * reconnect errors against a dead broker or a dropped database (and may hang on shutdown). Values in
 * the class-level {@link ExtensionContext.Store} are closed after every {@code afterAll} callback.
 */
abstract class ManagedResource implements BeforeAllCallback, AutoCloseable {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ManagedResource.class);

    @Override
    public final void beforeAll(ExtensionContext context) throws Exception {
        if (isRunning()) {
            return; // @Nested classes inherit the outer class's extension: the outer context owns it
        }
        start(context.getRequiredTestClass().getSimpleName());
        AutoCloseable closer = this::close;
        context.getStore(NAMESPACE).put(this, closer);
    }

    /** Starts the resource for manual use (benchmarks, main methods); pair with {@link #close()}. */
    public final void start() throws Exception {
        start("manual");
    }

    /** True between a start and {@link #close()}. */
    abstract boolean isRunning();

    /** @param owner a short name of the user (test class), used only for naming */
    abstract void start(String owner) throws Exception;

    /**
     * The Spring properties that point a service at this resource, by name; each value is read when
     * asked for (the resource must be running then). One definition serves {@code register} and
     * {@link MirrorInfrastructure#properties()}, so tests and launchers configure a service alike.
     */
    abstract Map<String, Supplier<String>> springProperties();

    static void register(Map<String, Supplier<String>> properties, DynamicPropertyRegistry registry) {
        properties.forEach((name, value) -> registry.add(name, value::get));
    }

    /** Stops the resource and removes what it created; idempotent. */
    @Override
    public abstract void close() throws Exception;
}
