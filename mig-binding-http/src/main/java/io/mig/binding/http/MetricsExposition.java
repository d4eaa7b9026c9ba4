package io.mig.binding.http;

import io.mig.core.spi.ServiceKey;
import java.io.IOException;
import java.io.OutputStream;

/** Serves {@code GET /metrics}: the application provides the registry and its text format. */
public interface MetricsExposition {
    /** Under this key the application hands the HTTP binding its metrics exposition. */
    ServiceKey<MetricsExposition> SERVICE = ServiceKey.of("metrics-exposition", MetricsExposition.class);

    String contentType();

    void write(OutputStream out) throws IOException;
}
