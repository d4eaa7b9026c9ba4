package io.mig.binding.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.mig.admin.ControlPlane;
import io.mig.admin.cloud.CloudDirectory;
import io.mig.core.error.MigException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** {@code /cloud/v0.1/*}: orgs → tenants → gateways, and usage (guide §6.4, §11; SPEC §5). */
final class CloudRoutes {
    static final String BASE = "/cloud/v0.1";

    private final ControlPlane controlPlane;
    private final ControlCalls calls;

    CloudRoutes(ControlPlane controlPlane, ControlCalls calls) {
        this.controlPlane = controlPlane;
        this.calls = calls;
    }

    void register(JavalinConfig config) {
        CloudDirectory cloud = controlPlane.cloud();
        config.routes.post(BASE + "/orgs", ctx -> Exchange.json(ctx, 201, cloud.createOrg(calls.body(ctx), ControlCalls.operator(ctx))));
        config.routes.get(BASE + "/orgs", ctx -> Exchange.json(ctx, Map.of("orgs", cloud.orgs())));
        config.routes.get(BASE + "/orgs/{id}", ctx -> byId(ctx, "org", cloud::org));
        config.routes.post(BASE + "/tenants", ctx -> Exchange.json(ctx, 201, cloud.createTenant(calls.body(ctx), ControlCalls.operator(ctx))));
        config.routes.get(BASE + "/tenants", ctx -> Exchange.json(ctx, Map.of("tenants", cloud.tenants())));
        config.routes.get(BASE + "/tenants/{id}", ctx -> byId(ctx, "tenant", cloud::tenant));
        config.routes.post(BASE + "/gateways", ctx -> Exchange.json(ctx, 201, cloud.createGateway(calls.body(ctx), ControlCalls.operator(ctx))));
        config.routes.get(BASE + "/gateways", ctx -> Exchange.json(ctx, Map.of("gateways", cloud.gateways())));
        config.routes.get(BASE + "/gateways/{id}", ctx -> byId(ctx, "gateway", cloud::gateway));
        config.routes.get(BASE + "/usage", this::usage);
    }

    private static void byId(Context ctx, String kind, Function<String, Optional<?>> find) {
        String id = ctx.pathParam("id");
        Exchange.json(ctx, find.apply(id).orElseThrow(() ->
                MigException.notFound(kind + " '" + id + "' does not exist").withDetail("id", id)));
    }

    /** Usage of every tenant, or of the one {@link ControlCalls#tenantFilter} names. */
    private void usage(Context ctx) {
        Exchange.json(ctx, controlPlane.usage().usage(ControlCalls.tenantFilter(ctx)));
    }
}
