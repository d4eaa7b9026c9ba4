/**
 * The HTTP binding of MIG (SPEC §3): every {@code /mig/v0.1} route, SSE subscriptions and streamed
 * invokes, WebSocket streams, the admin, pro and cloud APIs, health and metrics, on Javalin and Jetty.
 * Public: {@link io.mig.binding.http.HttpBindingProvider} (found by {@code ServiceLoader}),
 * {@link io.mig.binding.http.HttpBinding}, and the extension SPI ({@link io.mig.binding.http.HttpExtension},
 * {@link io.mig.binding.http.HttpHost}, {@link io.mig.binding.http.HttpEventStream}) through which another
 * module serves routes on the same listener (the MCP server does).
 */
package io.mig.binding.http;
