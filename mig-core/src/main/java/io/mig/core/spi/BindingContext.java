package io.mig.core.spi;

import io.mig.core.port.in.Control;
import io.mig.core.port.in.Discovery;
import io.mig.core.port.in.Events;
import io.mig.core.port.in.Invocation;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a binding is given when it is created: the four protocol ports and the gateway's services
 * ({@link #gateway()}), its settings, the process's readiness checks, and the optional services the
 * application shares with bindings, each under its typed {@link ServiceKey}.
 *
 * <pre>{@code
 * BindingContext context = BindingContext.builder(gateway, Settings.of(Map.of("MIGD_JSONL_ADDR", ":7000")))
 *         .service(ControlPlane.SERVICE, controlPlane)
 *         .build();
 * MigBinding binding = provider.create(context);
 * }</pre>
 */
public interface BindingContext {
    /** The ports and the services of the gateway, as one object a binding passes to its parts. */
    BindingGateway gateway();

    /** HELLO and DISCOVER. */
    default Discovery discovery() {
        return gateway();
    }

    /** INVOKE, unary and streamed. */
    default Invocation invocation() {
        return gateway();
    }

    /** PUBLISH and SUBSCRIBE. */
    default Events events() {
        return gateway();
    }

    /** CANCEL and HEARTBEAT. */
    default Control control() {
        return gateway();
    }

    /** The binding's own configuration ({@code MIGD_GRPC_ADDR}, …). */
    Settings settings();

    /** Named readiness checks of the whole process, for a binding that serves {@code /readyz}. */
    Supplier<Map<String, Boolean>> readiness();

    /** The service the application bound to {@code key}, if it bound one. */
    <T> Optional<T> service(ServiceKey<T> key);

    /** A context over {@code gateway} and {@code settings}, with no readiness checks and no services until added. */
    static Builder builder(BindingGateway gateway, Settings settings) {
        return new Builder(gateway, settings);
    }

    /** Builds a {@link BindingContext}; a service bound twice under one key keeps the last value. */
    final class Builder {
        private final BindingGateway gateway;
        private final Settings settings;
        private final Map<ServiceKey<?>, Object> services = new java.util.LinkedHashMap<>();
        private Supplier<Map<String, Boolean>> readiness = Map::of;

        private Builder(BindingGateway gateway, Settings settings) {
            this.gateway = java.util.Objects.requireNonNull(gateway, "gateway");
            this.settings = java.util.Objects.requireNonNull(settings, "settings");
        }

        /** Binds {@code value} to {@code key}; a null value leaves the service absent. */
        public <T> Builder service(ServiceKey<T> key, T value) {
            java.util.Objects.requireNonNull(key, "key");
            if (value == null) {
                services.remove(key);
            } else {
                services.put(key, key.type().cast(value));
            }
            return this;
        }

        /** Where {@code /readyz} reads the process's named checks. */
        public Builder readiness(Supplier<Map<String, Boolean>> value) {
            this.readiness = java.util.Objects.requireNonNull(value, "readiness");
            return this;
        }

        public BindingContext build() {
            return new BoundContext(gateway, settings, readiness, Map.copyOf(services));
        }
    }
}
