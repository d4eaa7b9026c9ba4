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
     * Creates the binding (not started).
     *
     * @throws IllegalArgumentException naming the setting when configuration is invalid
     */
    MigBinding create(BindingContext context);
}
