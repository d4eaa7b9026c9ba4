/**
 * The extension SPI: capability providers ({@link io.mig.core.spi.CapabilityProvider},
 * {@link io.mig.core.spi.Emitter} for streams), provider factories for {@code provider} blocks, and
 * bindings ({@link io.mig.core.spi.MigBindingProvider}, found by {@code ServiceLoader}, given a
 * {@link io.mig.core.spi.BindingContext}: the four ports and the gateway's typed services as a
 * {@link io.mig.core.spi.BindingGateway}, and the application's optional services under typed
 * {@link io.mig.core.spi.ServiceKey}s). A binding needs nothing of {@code io.mig.core.internal} nor of
 * the in-memory adapters ({@code io.mig.core.memory}). See docs/EMBEDDING.md.
 */
package io.mig.core.spi;
