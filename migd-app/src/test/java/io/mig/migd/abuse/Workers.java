package io.mig.migd.abuse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@code attempts} numbered attempts on a few threads and collects what went wrong: the first
 * problems in full and a count of the rest, so a flood that fails everywhere does not flood the
 * report too.
 */
final class Workers {
    private static final int KEPT = 5;

    /** One attempt; returns a problem, or null when the answer was the expected one. */
    @FunctionalInterface
    interface Body {
        String attempt(int i) throws Exception;
    }

    private Workers() {
    }

    static List<String> run(int threads, int attempts, Body body) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<String> problems = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "abuse-worker");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < attempts; i = next.getAndIncrement()) {
                        String problem;
                        try {
                            problem = body.attempt(i);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        } catch (Exception e) {
                            problem = "attempt " + i + ": " + e;
                        }
                        if (problem != null && failed.incrementAndGet() <= KEPT) {
                            synchronized (problems) {
                                problems.add(problem);
                            }
                        }
                    }
                }));
            }
            for (Future<?> future : running) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        if (failed.get() > KEPT) {
            problems.add("… and " + (failed.get() - KEPT) + " more of " + attempts);
        }
        return problems;
    }
}
