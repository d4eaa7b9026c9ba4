package io.mig.core.spi;

import io.mig.core.gateway.MigGateway;
import java.util.Optional;

/** What a binding is given when it is created: the gateway, the settings and shared services. */
public interface BindingContext {
    MigGateway gateway();

    Settings settings();

    /** A service the application shares with bindings (e.g. the admin control plane), if present. */
    <T> Optional<T> service(Class<T> type);

    /** Named readiness checks of the whole process, for a binding that serves {@code /readyz}. */
    default java.util.function.Supplier<java.util.Map<String, Boolean>> readiness() {
        return java.util.Map::of;
    }
}
