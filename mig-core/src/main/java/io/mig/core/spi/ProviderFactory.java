package io.mig.core.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds providers from a registration's {@code provider} block, by its {@code type}
 * ({@code http}, {@code nats}, …). Found with {@link java.util.ServiceLoader} or added to the
 * gateway builder.
 */
public interface ProviderFactory {
    String type();

    /**
     * Checks a provider block and builds its provider.
     *
     * @throws io.mig.core.error.MigException {@code MIG_INVALID_REQUEST} when the block is wrong
     */
    CapabilityProvider create(ObjectNode spec);
}
