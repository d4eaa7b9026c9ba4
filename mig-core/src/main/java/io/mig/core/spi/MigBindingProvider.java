package io.mig.core.spi;

/**
 * Finds and creates a binding. Implementations are listed in
 * {@code META-INF/services/io.mig.core.spi.MigBindingProvider}; {@code migd} loads every one on the
 * class path, in ascending {@link #priority()} then name order, and starts those that are enabled.
 */
public interface MigBindingProvider {
    /** The binding's name, e.g. {@code http}, {@code grpc}, {@code nats}. */
    String name();

    /** Lower starts first. */
    default int priority() {
        return 100;
    }

    /** Whether configuration turns this binding on (e.g. gRPC only when {@code MIGD_GRPC_ADDR} is set). */
    boolean enabled(Settings settings);

    /**
     * Called once, on the same instance that later {@link #create creates} the binding, before the
     * gateway is built: a binding that feeds the gateway (an event mirror through
     * {@code onPublish}, a provider factory) adds it here. Called only when {@link #enabled} is true.
     */
    default void prepare(Settings settings, io.mig.core.gateway.MigGateway.Builder gateway) {
    }

    /**
     * Creates the binding (not started).
     *
     * @throws IllegalArgumentException naming the setting when configuration is invalid
     */
    MigBinding create(BindingContext context);
}
