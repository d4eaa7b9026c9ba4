package io.mig.binding.http;

import io.mig.core.spi.BindingContext;
import io.mig.core.spi.Settings;

/**
 * Finds an {@link HttpExtension} for {@code migd}. Implementations are listed in
 * {@code META-INF/services/io.mig.binding.http.HttpExtensionProvider}; the HTTP binding creates every
 * enabled one, in name order, with the same context the bindings get.
 */
public interface HttpExtensionProvider {
    /** The extension's name, e.g. {@code mcp}. */
    String name();

    /** Whether configuration turns the extension on. */
    boolean enabled(Settings settings);

    /**
     * Creates the extension (its routes are registered when the binding starts).
     *
     * @throws IllegalArgumentException naming the setting when configuration is invalid
     */
    HttpExtension create(BindingContext context);
}
