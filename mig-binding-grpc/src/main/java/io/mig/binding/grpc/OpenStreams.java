package io.mig.binding.grpc;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The long-lived calls of the binding, so that a shutdown can end each with its terminal frame. */
final class OpenStreams {
    private final Set<Runnable> open = ConcurrentHashMap.newKeySet();

    /** Tracks {@code terminate} until {@link #remove} is called. */
    void add(Runnable terminate) {
        open.add(terminate);
    }

    void remove(Runnable terminate) {
        open.remove(terminate);
    }

    void terminateAll() {
        for (Runnable terminate : Set.copyOf(open)) {
            try {
                terminate.run();
            } catch (RuntimeException ignored) {
                // the client may be gone already
            }
        }
        open.clear();
    }
}
