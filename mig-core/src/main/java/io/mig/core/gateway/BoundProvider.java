package io.mig.core.gateway;

import io.mig.core.error.MigException;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.ProviderOptions;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A capability's provider with its options: the one place where the bulkhead
 * ({@code max_concurrency}) and the timeout bound ({@code timeout_ms}) are applied, for every
 * provider kind alike. A full bulkhead refuses at once instead of queueing, so a slow provider
 * cannot take the whole gateway's capacity with it.
 */
final class BoundProvider {
    private final String capability;
    private final CapabilityProvider provider;
    private final ProviderOptions options;
    private final AtomicInteger running = new AtomicInteger();

    BoundProvider(String capability, CapabilityProvider provider, ProviderOptions options) {
        this.capability = capability;
        this.provider = provider;
        this.options = options;
    }

    CapabilityProvider provider() {
        return provider;
    }

    ProviderOptions options() {
        return options;
    }

    /** Calls running now. */
    int running() {
        return running.get();
    }

    /**
     * Takes a place in the bulkhead, to be closed when the call ends.
     *
     * @throws MigException {@code MIG_BACKPRESSURE} when {@code max_concurrency} calls are running
     */
    Permit admit() {
        if (running.incrementAndGet() > options.maxConcurrency()) {
            running.decrementAndGet();
            throw MigException.backpressure("the provider of '" + capability + "' is at its concurrency limit ("
                            + options.maxConcurrency() + ")")
                    .withDetail("capability", capability)
                    .withDetail("max_concurrency", options.maxConcurrency());
        }
        return new Permit();
    }

    /** One place in the bulkhead; closing it more than once is harmless. */
    final class Permit implements AutoCloseable {
        private final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                running.decrementAndGet();
            }
        }
    }
}
