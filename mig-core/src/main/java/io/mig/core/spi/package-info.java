/**
 * The extension SPI: capability providers ({@link io.mig.core.spi.CapabilityProvider},
 * {@link io.mig.core.spi.Emitter} for streams), provider factories for {@code provider} blocks, and
 * bindings ({@link io.mig.core.spi.MigBindingProvider}, found by {@code ServiceLoader}, given a
 * {@link io.mig.core.spi.BindingContext}). See docs/EMBEDDING.md.
 */
package io.mig.core.spi;
