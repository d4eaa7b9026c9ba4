package io.mig.binding.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.mig.core.json.MigJson;
import io.mig.core.spi.BindingGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Liveness, readiness and metrics: open in every auth mode (SPEC §3.3). */
final class OpsRoutes {
    private final BindingGateway gateway;
    private final Supplier<Map<String, Boolean>> readiness;
    private final BooleanSupplier draining;
    private final MetricsExposition metrics;
    private final Instant started = Instant.now();

    OpsRoutes(BindingGateway gateway, Supplier<Map<String, Boolean>> readiness, BooleanSupplier draining,
              MetricsExposition metrics) {
        this.gateway = gateway;
        this.readiness = readiness;
        this.draining = draining;
        this.metrics = metrics;
    }

    void register(JavalinConfig config) {
        config.routes.get("/healthz", this::health);
        config.routes.get("/readyz", this::ready);
        if (metrics != null) {
            config.routes.get("/metrics", this::metrics);
        }
    }

    /** Alive while the process serves requests: reports what it is doing, never a constant. */
    private void health(Context ctx) {
        ObjectNode body = MigJson.object()
                .put("status", draining.getAsBoolean() ? "draining" : "ok")
                .put("server_id", gateway.serverId())
                .put("uptime_seconds", Duration.between(started, Instant.now()).toSeconds())
                .put("in_flight", gateway.inFlight())
                .put("load_factor", gateway.loadFactor());
        Exchange.json(ctx, body);
    }

    /** Ready when every check passes (bindings started, keys loaded) and the server is not draining. */
    private void ready(Context ctx) {
        ObjectNode checks = MigJson.object();
        boolean ready = !draining.getAsBoolean();
        checks.put("not_draining", ready);
        checks.put("authenticator", gateway.authenticator().ready());
        ready &= gateway.authenticator().ready();
        for (Map.Entry<String, Boolean> check : readiness.get().entrySet()) {
            checks.put(check.getKey(), check.getValue());
            ready &= check.getValue();
        }
        ObjectNode body = MigJson.object().put("status", ready ? "ready" : "not_ready");
        body.set("checks", checks);
        Exchange.json(ctx, ready ? 200 : 503, body);
    }

    private void metrics(Context ctx) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        metrics.write(out);
        ctx.contentType(metrics.contentType()).result(out.toByteArray());
    }
}
