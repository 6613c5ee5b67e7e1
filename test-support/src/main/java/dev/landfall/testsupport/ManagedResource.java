package dev.landfall.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

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

    /** Stops the resource and removes what it created; idempotent. */
    @Override
    public abstract void close() throws Exception;
}
