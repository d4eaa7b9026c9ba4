package io.mig.core.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs one task on N threads released together, so that they really race (store contracts: duplicate
 * claims, concurrent appends, quota counting under contention), and collects what each returned.
 */
public final class Concurrently {
    private Concurrently() {
    }

    /** A task run by thread {@code index} of the race. */
    @FunctionalInterface
    public interface Task<T> {
        T run(int index) throws Exception;
    }

    /**
     * Runs {@code task} on {@code threads} threads started at once and returns their results in thread
     * order; a thread's failure fails the call, and so does a race not finished within {@code timeout}.
     */
    public static <T> List<T> run(int threads, Duration timeout, Task<T> task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return task.run(index);
                }));
            }
            if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the racing threads did not start within " + timeout.toMillis() + " ms");
            }
            go.countDown();
            long deadline = System.nanoTime() + timeout.toNanos();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return results;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the race did not finish within " + timeout.toMillis() + " ms", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("a racing thread failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
