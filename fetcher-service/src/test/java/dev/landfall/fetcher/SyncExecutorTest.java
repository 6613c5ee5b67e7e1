package dev.landfall.fetcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class SyncExecutorTest {

    @Test
    void usesVirtualThreadsExactlyWhenTheRuntimeHasThem() throws Exception {
        SyncExecutor executor = new SyncExecutor(2);
        try {
            assertThat(executor.usesVirtualThreads()).isEqualTo(Runtime.version().feature() >= 21);
            String threadName = executor.submit(() -> Thread.currentThread().toString()).get(5, TimeUnit.SECONDS);
            assertThat(threadName.startsWith("VirtualThread")).isEqualTo(Runtime.version().feature() >= 21);
        } finally {
            executor.destroy();
        }
    }

    @Test
    void neverRunsMoreThanItsConcurrency() throws Exception {
        SyncExecutor executor = new SyncExecutor(3);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        try {
            Thread submitter = new Thread(() -> {
                for (int i = 0; i < 10; i++) {
                    futures.add(executor.submit(() -> {
                        peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        try {
                            release.await(5, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        inFlight.decrementAndGet();
                        return 1;
                    }));
                }
            });
            submitter.start();
            Awaitility.await().until(() -> inFlight.get() == 3);
            assertThat(submitter.isAlive()).isTrue();   // the fourth submit waits for a permit: back-pressure
            release.countDown();
            submitter.join(5000);
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
            assertThat(peak.get()).isEqualTo(3);
        } finally {
            release.countDown();
            executor.destroy();
        }
    }
}
