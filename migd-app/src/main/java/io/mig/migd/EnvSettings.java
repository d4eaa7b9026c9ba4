package io.mig.migd;

import io.mig.core.spi.Settings;
import java.util.Optional;

/** Settings from the process environment; blank values count as unset. */
final class EnvSettings implements Settings {
    @Override
    public Optional<String> get(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
    }
}
