package io.mig.core.spi;

import java.time.Duration;

/** A running transport of the gateway (HTTP, gRPC, NATS, or one of your own). */
public interface MigBinding {
    /** A short name for logs, e.g. {@code http}. */
    String name();

    /** Opens listeners or connections; returns when the binding serves. */
    void start() throws Exception;

    /** Where it listens, for the start-up line (e.g. {@code http://0.0.0.0:8080}). */
    String describe();

    /**
     * Whether the started binding can serve right now (e.g. its broker connection is up); feeds
     * {@code /readyz}. Bindings without an outside dependency are ready once started.
     */
    default boolean ready() {
        return true;
    }

    /**
     * Stops accepting new work (refusing it as during a drain) without waiting for anything. A
     * gateway with several bindings calls this on every binding before it stops the first one, so
     * that no binding keeps taking work while another waits for the in-flight work to end: the
     * process drains as one, within one drain timeout. The default does nothing, for a binding whose
     * {@link #stop} refuses new work itself.
     */
    default void beginDrain() {
    }

    /**
     * Stops accepting new work, lets in-flight work finish within {@code drain}, ends open streams
     * with a terminal frame, then releases everything.
     */
    void stop(Duration drain);
}
