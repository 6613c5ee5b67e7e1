package dev.landfall.fetcher;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;

/**
 * Runs project syncs with at most {@code concurrency} in flight (a semaphore; the submitting Kafka consumer thread
 * waits for a permit, which is the back-pressure). Virtual threads when the runtime has them (Java 21+: blocking
 * downloads are cheapest there, docs/architecture.md#measurements-behind-the-stack-choices), else a fixed platform pool. The code is compiled for Java 17, so
 * {@code Executors.newVirtualThreadPerTaskExecutor} is looked up with a method handle.
 */
public final class SyncExecutor implements DisposableBean {

    private final ExecutorService executor;
    private final Semaphore permits;
    private final boolean virtual;

    public SyncExecutor(int concurrency) {
        @Nullable ExecutorService v = Runtime.version().feature() >= 21 ? virtualThreadExecutor() : null;
        this.virtual = v != null;
        this.executor = v != null ? v : Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "landfall-fetch");
            t.setDaemon(true);
            return t;
        });
        this.permits = new Semaphore(concurrency);
    }

    private static @Nullable ExecutorService virtualThreadExecutor() {
        try {
            MethodHandle factory = MethodHandles.publicLookup().findStatic(Executors.class,
                    "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class));
            return (ExecutorService) factory.invoke();
        } catch (Throwable e) {
            return null;
        }
    }

    public boolean usesVirtualThreads() {
        return virtual;
    }

    /** Submits {@code task}, waiting for a permit first. */
    public <T> CompletableFuture<T> submit(Supplier<T> task) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        try {
            return CompletableFuture.supplyAsync(task, executor).whenComplete((r, e) -> permits.release());
        } catch (RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
