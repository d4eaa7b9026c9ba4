package io.mig.migd;

import java.time.Duration;

/**
 * Setting up the JetStream state at start is retried while JetStream is reachable but not ready —
 * a cluster electing its leaders, a bucket with three replicas being created on a loaded machine —
 * rather than failing the start on the first slow answer. After {@link #PATIENCE} the start fails
 * (exit 1) with the last reason.
 */
final class StartPatience {
    static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final System.Logger LOG = System.getLogger("migd.state");

    private StartPatience() {
    }

    /** One try at setting something up; throws {@link NotReady} when it is worth trying again. */
    @FunctionalInterface
    interface Attempt<T> {
        T run() throws NotReady;
    }

    /** JetStream answered, but not yet usefully: the message says why. */
    static final class NotReady extends Exception {
        NotReady(String message) {
            super(message, null, false, false);
        }
    }

    static <T> T retry(String what, Attempt<T> attempt) {
        long giveUpAt = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try {
                return attempt.run();
            } catch (NotReady e) {
                if (System.nanoTime() - giveUpAt > 0) {
                    throw new CannotStartException(what + ": " + e.getMessage());
                }
                LOG.log(System.Logger.Level.WARNING, "state: JetStream is not ready yet (" + e.getMessage() + "); trying again");
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new CannotStartException(what + ": interrupted");
                }
            }
        }
    }
}
