package io.mig.binding.http;

import java.io.IOException;
import java.io.OutputStream;

/** Serves {@code GET /metrics}: the application provides the registry and its text format. */
public interface MetricsExposition {
    String contentType();

    void write(OutputStream out) throws IOException;
}
