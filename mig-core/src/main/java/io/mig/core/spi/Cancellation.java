package io.mig.core.spi;

import java.util.Optional;

/**
 * The cancellation signal of one invocation, fired by CANCEL, by the deadline, or by the caller
 * going away. Providers poll {@link #isCancelled()} or register a callback to abort their work.
 */
public interface Cancellation {
    boolean isCancelled();

    /** Why: {@code "deadline"}, {@code "client disconnected"}, or the CANCEL's reason. */
    Optional<String> reason();

    /** Runs {@code action} once when cancelled (at once if already cancelled). */
    void onCancel(Runnable action);
}
