package io.mig.binding.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.mig.admin.connections.ConnectionView;

/** {@code /admin/v0.1/*}: the control plane's admin surface. */
final class AdminRoutes {
    static final String BASE = "/admin/v0.1";

    private final ConnectionView connections;

    AdminRoutes(ConnectionView connections) {
        this.connections = connections;
    }

    void register(JavalinConfig config) {
        config.routes.get(BASE + "/connections", this::connections);
    }

    private void connections(Context ctx) {
        Exchange.json(ctx, connections.snapshot(ctx.queryParam("tenant_id"), ctx.queryParam("kind"),
                ctx.queryParam("protocol")));
    }
}
