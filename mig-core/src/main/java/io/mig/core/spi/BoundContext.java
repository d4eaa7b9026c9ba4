package io.mig.core.spi;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The {@link BindingContext} that {@link BindingContext.Builder} builds. */
record BoundContext(BindingGateway gateway, Settings settings, Supplier<Map<String, Boolean>> readiness,
                    Map<ServiceKey<?>, Object> services) implements BindingContext {
    @Override
    public <T> Optional<T> service(ServiceKey<T> key) {
        return Optional.ofNullable(services.get(key)).map(key.type()::cast);
    }
}
