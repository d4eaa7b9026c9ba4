package io.mig.binding.http.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.ProviderFactory;

/**
 * Builds HTTP providers from {@code {"type":"http","url":…,"headers":{…},"forward_authorization":…}}
 * (docs/PROVIDERS.md). Found by {@link java.util.ServiceLoader}; all its providers share one
 * pooled keep-alive client. {@code max_concurrency} and {@code timeout_ms} are applied by the
 * gateway for every provider kind.
 */
public final class HttpProviderFactory implements ProviderFactory {
    /** The largest answer (or streamed item) read from a provider: 16 MiB. */
    public static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;

    @Override
    public String type() {
        return "http";
    }

    @Override
    public CapabilityProvider create(ObjectNode spec) {
        HttpTarget target = HttpTarget.from(spec);
        // https:// stays on Jetty's client (TLS); a plain upstream's unary calls take the lean connection
        UpstreamPool upstream = target.url().getScheme().equalsIgnoreCase("http") ? UpstreamPool.of(target) : null;
        return new HttpProvider(target, ProviderClient.shared(), MAX_ANSWER_BYTES, upstream);
    }
}
