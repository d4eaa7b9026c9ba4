package io.mig.binding.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.mig.admin.ControlPlane;
import io.mig.admin.connections.ConnectionView;
import io.mig.admin.federation.McpFederation;
import io.mig.admin.registry.CapabilityRegistry;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import java.util.Map;

/**
 * {@code /admin/v0.1/*}: capability and schema registry, MCP federation, conformance health and the
 * connection viewer (guide §6.2, §9, §10; SPEC §5). Without a control plane only the connection viewer is served.
 */
final class AdminRoutes {
    static final String BASE = "/admin/v0.1";

    private final ConnectionView connections;
    private final ControlPlane controlPlane;
    private final ControlCalls calls;

    AdminRoutes(ConnectionView connections, ControlPlane controlPlane, ControlCalls calls) {
        this.connections = connections;
        this.controlPlane = controlPlane;
        this.calls = calls;
    }

    void register(JavalinConfig config) {
        config.routes.get(BASE + "/connections", this::connections);
        if (controlPlane == null) {
            return;
        }
        config.routes.post(BASE + "/capabilities", this::upsertCapability);
        config.routes.get(BASE + "/capabilities", this::listCapabilities);
        config.routes.get(BASE + "/capabilities/{id}", this::getCapability);
        config.routes.delete(BASE + "/capabilities/{id}", this::deleteCapability);
        config.routes.post(BASE + "/schemas", this::upsertSchema);
        config.routes.get(BASE + "/schemas", this::schemas);
        config.routes.delete(BASE + "/schemas", this::deleteSchema);
        config.routes.get(BASE + "/health/conformance", this::conformance);
        config.routes.post(BASE + "/mcp/servers", this::importMcpServer);
        config.routes.get(BASE + "/mcp/servers", this::listMcpServers);
        config.routes.get(BASE + "/mcp/servers/{name}", this::getMcpServer);
        config.routes.delete(BASE + "/mcp/servers/{name}", this::deleteMcpServer);
        config.routes.post(BASE + "/mcp/servers/{name}/refresh", this::refreshMcpServer);
    }

    private void importMcpServer(Context ctx) {
        McpFederation.Imported result = controlPlane.mcpServers().importServer(calls.body(ctx), ControlCalls.operator(ctx));
        Exchange.json(ctx, result.created() ? 201 : 200, result.server());
    }

    private void listMcpServers(Context ctx) {
        Exchange.json(ctx, Map.of("servers", controlPlane.mcpServers().list()));
    }

    private void getMcpServer(Context ctx) {
        String name = ctx.pathParam("name");
        Exchange.json(ctx, controlPlane.mcpServers().find(name).orElseThrow(() -> MigException
                .notFound("no MCP server is federated under '" + name + "'").withDetail("name", name)));
    }

    private void deleteMcpServer(Context ctx) {
        String name = ctx.pathParam("name");
        controlPlane.mcpServers().delete(name, ControlCalls.operator(ctx));
        Exchange.json(ctx, MigJson.object().put("name", name).put("deleted", true));
    }

    private void refreshMcpServer(Context ctx) {
        McpFederation.Imported result = controlPlane.mcpServers().refresh(ctx.pathParam("name"), ControlCalls.operator(ctx));
        Exchange.json(ctx, result.server());
    }

    private void connections(Context ctx) {
        Exchange.json(ctx, connections.snapshot(ctx.queryParam("tenant_id"), ctx.queryParam("kind"),
                ctx.queryParam("protocol")));
    }

    private void upsertCapability(Context ctx) {
        CapabilityRegistry.Upsert result = controlPlane.capabilities().upsert(calls.body(ctx), ControlCalls.operator(ctx));
        Exchange.json(ctx, result.created() ? 201 : 200, result.capability());
    }

    private void listCapabilities(Context ctx) {
        Exchange.json(ctx, Map.of("capabilities", controlPlane.capabilities().list()));
    }

    private void getCapability(Context ctx) {
        String id = ctx.pathParam("id");
        Exchange.json(ctx, controlPlane.capabilities().find(id).orElseThrow(() -> CapabilityRegistry.notFound(id)));
    }

    private void deleteCapability(Context ctx) {
        String id = ctx.pathParam("id");
        controlPlane.capabilities().delete(id, ControlCalls.operator(ctx));
        Exchange.json(ctx, MigJson.object().put("id", id).put("deleted", true));
    }

    private void upsertSchema(Context ctx) {
        ObjectNode body = calls.body(ctx);
        JsonNode uri = body.get("uri");
        if (uri != null && !uri.isNull() && !uri.isTextual()) {
            throw MigException.invalid("uri must be a string").withDetail("field", "uri");
        }
        String text = uri == null || uri.isNull() ? null : uri.asText();
        boolean created = controlPlane.registerSchema(text, body.get("schema"), ControlCalls.operator(ctx));
        Exchange.json(ctx, created ? 201 : 200, MigJson.object().put("uri", text));
    }

    /** The list, or with {@code ?uri=} that one schema. */
    private void schemas(Context ctx) {
        String uri = ctx.queryParam("uri");
        if (uri != null) {
            Exchange.json(ctx, controlPlane.schemas().find(uri).orElseThrow(() -> schemaNotFound(uri)));
            return;
        }
        Exchange.json(ctx, Map.of("schemas", controlPlane.schemas().list()));
    }

    private void deleteSchema(Context ctx) {
        String uri = ctx.queryParam("uri");
        if (uri == null || uri.isEmpty()) {
            throw MigException.invalid("the uri query parameter is required (DELETE /admin/v0.1/schemas?uri=...)")
                    .withDetail("field", "uri");
        }
        controlPlane.deleteSchema(uri, ControlCalls.operator(ctx));
        Exchange.json(ctx, MigJson.object().put("uri", uri).put("deleted", true));
    }

    private void conformance(Context ctx) {
        Exchange.json(ctx, controlPlane.conformance().report());
    }

    private static MigException schemaNotFound(String uri) {
        return MigException.notFound("no schema is registered under '" + uri + "'").withDetail("uri", uri);
    }
}
