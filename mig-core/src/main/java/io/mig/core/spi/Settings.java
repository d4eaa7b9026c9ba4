package io.mig.core.spi;

import java.util.Map;
import java.util.Optional;

/**
 * Read-only configuration by name ({@code MIGD_GRPC_ADDR}, …), as the environment gives it. A
 * binding reads its own settings through this, so tests can pass a plain map.
 */
@FunctionalInterface
public interface Settings {
    Optional<String> get(String name);

    default String get(String name, String fallback) {
        return get(name).orElse(fallback);
    }

    /** A map of names to values; blank values count as unset. */
    static Settings of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return name -> Optional.ofNullable(copy.get(name)).filter(v -> !v.isBlank());
    }
}
