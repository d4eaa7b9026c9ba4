package io.mig.core.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits, up to a deadline, for a condition that other threads (or another gateway instance) make
 * true — instead of sleeps and hand-written poll loops. Fails with a message saying what was awaited.
 *
 * <pre>{@code
 * Await.until(Duration.ofSeconds(5), () -> store.find("x").isPresent(), "x visible on the sibling");
 * }</pre>
 */
public final class Await {
    /**
     * How long a change made on one instance may take to show on another in a test: SPEC §10 says
     * 1 s; the rest is margin for a loaded machine.
     */
    public static final Duration PROPAGATION = Duration.ofSeconds(5);

    private static final long POLL_MILLIS = 10;

    private Await() {
    }

    /** Returns as soon as {@code condition} holds; throws {@link AssertionError} past {@code timeout}. */
    public static void until(Duration timeout, BooleanSupplier condition, String what) {
        until(timeout, condition, () -> what);
    }

    /** Like {@link #until(Duration, BooleanSupplier, String)}, the message computed only on failure. */
    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for: " + what.get());
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what.get(), e);
            }
        }
    }

    /** {@link #until(Duration, BooleanSupplier, String)} with {@link #PROPAGATION} as the timeout. */
    public static void propagated(BooleanSupplier condition, String what) {
        until(PROPAGATION, condition, what);
    }

    /** {@link #until(Duration, BooleanSupplier, Supplier)} with {@link #PROPAGATION} as the timeout. */
    public static void propagated(BooleanSupplier condition, Supplier<String> what) {
        until(PROPAGATION, condition, what);
    }
}
