package io.mig.core.spi;

import java.util.Objects;

/**
 * Names an optional service that the application may hand to its bindings through
 * {@link BindingContext#service(ServiceKey)}, with its type: the module that defines the service
 * declares the key once, the application binds a value of that type to it (checked by the compiler),
 * and a binding reads it back typed.
 *
 * <pre>{@code
 * public static final ServiceKey<ControlPlane> SERVICE = ServiceKey.of("control-plane", ControlPlane.class);
 * // application:  BindingContext.builder(gateway, settings).service(ControlPlane.SERVICE, controlPlane)
 * // binding:      context.service(ControlPlane.SERVICE).ifPresent(routes::add);
 * }</pre>
 *
 * @param name what the service is, for messages and logs
 * @param type the type of the value bound to it; two keys are one key when both name and type agree
 */
public record ServiceKey<T>(String name, Class<T> type) {
    public ServiceKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a service key needs a name");
        }
    }

    public static <T> ServiceKey<T> of(String name, Class<T> type) {
        return new ServiceKey<>(name, type);
    }
}
