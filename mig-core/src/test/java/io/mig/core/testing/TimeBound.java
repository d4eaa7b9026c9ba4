package io.mig.core.testing;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one fuzz input under a time bound (in {@code mig-core}'s test jar, for every module's fuzz
 * properties): a parser that loops or blocks fails the property with the input that did it, instead
 * of stalling the build. jqwik has no per-try timeout of its own. The bound is a hang detector, not a
 * speed target, so it is generous enough for a loaded machine.
 *
 * <pre>{@code
 * TimeBound.run(() -> MigJson.decode(body, InvokeRequest.class));
 * }</pre>
 */
public final class TimeBound {
    /** How long one input may take before it counts as a hang. */
    public static final Duration PER_INPUT = Duration.ofSeconds(10);

    /** Daemon threads: a worker stuck on a hanging input must not keep the test JVM alive. */
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "fuzz-input");
        thread.setDaemon(true);
        return thread;
    });

    private TimeBound() {
    }

    /**
     * Runs {@code input} and rethrows what it threw (an assertion failure, an unexpected exception),
     * or fails when it does not return within {@link #PER_INPUT}.
     */
    public static void run(Runnable input) {
        Future<?> running = WORKERS.submit(input);
        try {
            running.get(PER_INPUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            throw new AssertionError("no answer within " + PER_INPUT.toSeconds() + " s: the input hangs the parser", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new AssertionError(cause);
        }
    }
}
