package io.mig.binding.http;

import io.javalin.config.JavalinConfig;

/**
 * Routes another module adds to the HTTP binding's listener, so that they share its port, TLS,
 * body limits, access log, request metrics, drain and error pages (the MCP server at {@code /mcp}
 * is one). The extension gets the binding's {@link HttpHost}: principal resolution goes through the
 * core as on every MIG route, and MIG rules stay in the core.
 *
 * <pre>{@code
 * HttpBinding.builder(gateway).extension((config, host) ->
 *         config.routes.post("/hello-world", ctx -> ctx.result("hi"))).build();
 * }</pre>
 *
 * In {@code migd}, extensions are found with {@link HttpExtensionProvider} through {@code ServiceLoader}.
 */
@FunctionalInterface
public interface HttpExtension {
    /**
     * Registers the extension's routes. Called once when the binding starts, after the binding's
     * own before-handlers (drain, admin access) and before its exception mappers, so a
     * {@link io.mig.core.error.MigException} thrown by a handler is answered like on any route.
     */
    void register(JavalinConfig config, HttpHost host);

    /**
     * Told of every request the binding refused before any route ran (while draining), so that an
     * extension whose routes carry invocations can audit each refused one as the binding does for
     * {@code POST /mig/v0.1/invoke/…} (SPEC §8: every invoke outcome is audited). The extension
     * decides from {@code ctx} whether the request was its own; the answer is the binding's. The
     * default does nothing.
     */
    default void refused(io.javalin.http.Context ctx, io.mig.core.error.MigException refusal) {
    }
}
