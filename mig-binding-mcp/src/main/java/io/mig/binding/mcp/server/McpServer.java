package io.mig.binding.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.mig.binding.http.HttpExtension;
import io.mig.binding.http.HttpHost;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.gateway.Caller;
import io.mig.core.json.MigJson;
import io.mig.core.model.Binding;
import io.mig.core.model.Names;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.out.CapabilityRegistration;
import io.mig.core.spi.BindingGateway;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * migd as an MCP server (SPEC §12): Streamable HTTP at {@code POST /mcp} and
 * {@code POST /mcp/{namespace}} on the HTTP binding's listener, in both protocol eras, and the
 * protected-resource metadata of those endpoints. MIG semantics are the core's: this class is the
 * transport (JSON-RPC framing, eras, sessions, DNS-rebinding and auth challenges); tools are
 * {@link ToolCatalog}, calls {@link ToolCalls}.
 *
 * <pre>{@code
 * HttpBinding http = HttpBinding.builder(gateway)
 *         .extension(McpServer.create(McpOptions.defaults(), uri -> Optional.empty(), "1.0"))
 *         .build();
 * }</pre>
 */
public final class McpServer implements HttpExtension {
    /** The listener the routes were registered on (one per gateway); null before. */
    private volatile HttpHost registeredOn;
    static final String PATH = "/mcp";

    private final McpOptions options;
    private final Function<String, Optional<JsonNode>> schemas;
    private final String version;
    private final SessionIds sessions;
    private final ProtectedResource resource;

    private McpServer(McpOptions options, Function<String, Optional<JsonNode>> schemas, String version) {
        this.options = options;
        this.schemas = schemas;
        this.version = version;
        this.sessions = new SessionIds(options.sessionKey(), options.sessionTtl(), Clock.systemUTC());
        this.resource = new ProtectedResource(options.authorizationServers());
    }

    /**
     * An MCP server for one HTTP binding.
     *
     * @param schemas the registered JSON Schema of a URI (tools show them as {@code inputSchema}/{@code outputSchema})
     * @param version the server version named in {@code serverInfo}
     */
    public static McpServer create(McpOptions options, Function<String, Optional<JsonNode>> schemas, String version) {
        return new McpServer(options, schemas, version);
    }

    @Override
    public void register(JavalinConfig config, HttpHost host) {
        this.registeredOn = host;
        Endpoint endpoint = new Endpoint(host);
        config.routes.post(PATH, ctx -> endpoint.handle(ctx, null));
        config.routes.post(PATH + "/{namespace}", ctx -> endpoint.handle(ctx, ctx.pathParam("namespace")));
        config.routes.get(ProtectedResource.WELL_KNOWN, ctx -> endpoint.metadata(ctx, PATH));
        config.routes.get(ProtectedResource.WELL_KNOWN + PATH, ctx -> endpoint.metadata(ctx, PATH));
        config.routes.get(ProtectedResource.WELL_KNOWN + PATH + "/{namespace}",
                ctx -> endpoint.metadata(ctx, PATH + "/" + ctx.pathParam("namespace")));
        host.gateway().bindingStarted(Binding.MCP);
    }

    /**
     * A {@code tools/call} refused by the binding while draining is an invoke outcome like any
     * other: audited as refused for the capability it named. Anything unreadable is left alone (it
     * would not have been an invocation).
     */
    @Override
    public void refused(Context ctx, io.mig.core.error.MigException refusal) {
        String path = ctx.path();
        String namespace = path.startsWith(PATH + "/") ? path.substring(PATH.length() + 1) : null;
        HttpHost host = registeredOn;
        if (host == null || !"POST".equalsIgnoreCase(ctx.method().name()) || !(path.equals(PATH) || namespace != null)) {
            return;
        }
        try {
            JsonNode message = MigJson.readSingleValue(host.body(ctx));
            JsonNode name = message.path("params").path("name");
            if ("tools/call".equals(message.path("method").asText(null)) && name.isTextual()) {
                host.gateway().errors().invokeRefused(host.call(ctx, Binding.MCP),
                        ToolCatalog.capabilityId(namespace, name.asText()), refusal);
            }
        } catch (java.io.IOException | RuntimeException unreadable) {
            // not a tool call that could have run: nothing to audit
        }
    }

    /** The routes of one listener. */
    private final class Endpoint {
        private final HttpHost host;
        private final BindingGateway gateway;
        private final RebindingGuard guard;
        private final ToolCatalog catalog;
        private final ToolCalls calls;

        Endpoint(HttpHost host) {
            this.host = host;
            this.gateway = host.gateway();
            String listener = host.options().host();
            boolean loopbackListener = listener != null && RebindingGuard.loopback(listener.toLowerCase(java.util.Locale.ROOT));
            this.guard = new RebindingGuard(options.allowedOrigins(), options.allowedHosts(),
                    loopbackListener && !options.tokensRequired() && !host.options().tls());
            this.catalog = new ToolCatalog(gateway, schemas, options.pageSize());
            this.calls = new ToolCalls(host);
        }

        void metadata(Context ctx, String path) {
            Set<String> scopes = new TreeSet<>();
            for (CapabilityRegistration registration : gateway.capabilities().list()) {
                scopes.addAll(registration.descriptor().authScopes());
            }
            byte[] body = MigJson.encode(resource.document(base(ctx), path, scopes));
            ctx.status(200).contentType("application/json").result(body);
        }

        void handle(Context ctx, String namespace) {
            String refusal = guard.refusal(ctx.header("Origin"), ctx.header("Host"));
            if (refusal != null) {
                write(ctx, 403, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, refusal, null));
                return;
            }
            if (namespace != null && !Names.isNamespaced(namespace + ".tool")) {
                write(ctx, 404, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "no MCP endpoint for namespace '"
                        + (namespace.length() > 64 ? namespace.substring(0, 61) + "..." : namespace) + "'", null));
                return;
            }
            ObjectNode message;
            try {
                message = read(ctx);
            } catch (McpError e) {
                write(ctx, e.httpStatus(), JsonRpc.error(null, e.code(), e.getMessage(), e.data()));
                return;
            }
            JsonNode id = message.get("id");
            // an id of the wrong type (an object, a fraction, null) cannot be echoed: JSON-RPC 2.0 answers it with id null
            JsonNode replyId = id != null && (id.isTextual() || id.isIntegralNumber()) ? id : null;
            try {
                serve(ctx, namespace, message, id);
            } catch (McpError e) {
                write(ctx, e.httpStatus(), JsonRpc.error(replyId, e.code(), e.getMessage(), e.data()));
            } catch (MigException e) {
                // a MIG refusal outside a tool call (e.g. DISCOVER for a reserved tenant): a protocol error
                gateway.errors().answered("mcp", e);
                McpError answer = McpError.refusal(e, host.status(e));
                write(ctx, answer.httpStatus(), JsonRpc.error(replyId, answer.code(), answer.getMessage(), answer.data()));
            }
        }

        private ObjectNode read(Context ctx) {
            byte[] body;
            try {
                body = host.body(ctx);
            } catch (MigException e) {
                throw new McpError(JsonRpc.INVALID_REQUEST, host.status(e), e.getMessage(), null);
            }
            JsonNode node;
            try {
                node = body.length == 0 ? null : MigJson.readSingleValue(body);
            } catch (java.io.IOException e) {
                throw new McpError(JsonRpc.PARSE_ERROR, 400, "Parse error: the body is not exactly one valid JSON value", null);
            }
            if (node == null || node.isMissingNode()) {
                throw new McpError(JsonRpc.PARSE_ERROR, 400, "Parse error: the body is empty", null);
            }
            if (!node.isObject()) {
                throw McpError.invalidRequest("the body must be one JSON-RPC message (an object; batches are not supported)");
            }
            return (ObjectNode) node;
        }

        private void serve(Context ctx, String namespace, ObjectNode message, JsonNode id) {
            if (id != null && !id.isTextual() && !id.isIntegralNumber()) {
                throw McpError.invalidRequest("id must be a string or an integer");
            }
            JsonNode jsonrpc = message.get("jsonrpc");
            if (jsonrpc == null || !jsonrpc.isTextual() || !jsonrpc.asText().equals("2.0")) {
                // the string "2.0" exactly: the number 2.0 reads as "2.0" through asText() but is no version string
                throw McpError.invalidRequest("jsonrpc must be \"2.0\"");
            }
            JsonNode methodNode = message.get("method");
            if (methodNode == null) {
                if (message.has("result") || message.has("error")) {
                    ctx.status(202); // a response to a request this server never sends: nothing to do
                    return;
                }
                throw McpError.invalidRequest("method is required");
            }
            if (!methodNode.isTextual()) {
                throw McpError.invalidRequest("method must be a string");
            }
            String method = methodNode.asText();
            JsonNode paramsNode = message.get("params");
            if (paramsNode != null && !paramsNode.isNull() && !paramsNode.isObject()) {
                throw McpError.invalidParams("params must be an object");
            }
            ObjectNode params = paramsNode == null || paramsNode.isNull() ? MigJson.object() : (ObjectNode) paramsNode;
            String headerVersion = ctx.header(Protocol.VERSION_HEADER);
            JsonNode metaVersion = params.path("_meta").get(Protocol.META_PROTOCOL_VERSION);
            boolean initialize = method.equals("initialize");
            boolean modern = !initialize && (metaVersion != null
                    || (headerVersion != null && !Protocol.LEGACY.contains(headerVersion)));

            CallContext call = host.call(ctx, Binding.MCP);
            Caller caller;
            try {
                caller = gateway.identify(call);
            } catch (MigException e) {
                refuse(ctx, e, id, namespace == null ? PATH : PATH + "/" + namespace, call.credentials().bearerToken() != null);
                return;
            }
            String sessionId = null;
            if (modern) {
                checkModernHeaders(ctx, method, params, headerVersion, metaVersion);
            } else if (!initialize) {
                sessionId = ctx.header(Protocol.SESSION_HEADER);
                if (sessionId == null || sessionId.isEmpty()) {
                    throw McpError.invalidRequest("the Mcp-Session-Id header is required: send initialize first"
                            + " (or use protocol version " + Protocol.MODERN + " with per-request _meta)");
                }
                var session = sessions.verify(sessionId);
                if (session.isEmpty() || !session.get().tenantId().equals(caller.tenantId())
                        || !session.get().actor().equals(caller.principal().actor())) {
                    throw new McpError(JsonRpc.INVALID_REQUEST, 404, "session not found or expired: initialize again", null);
                }
            }
            McpRequest rpc = new McpRequest(ctx, id, method, params, modern, sessionId, namespace, call, version);
            if (rpc.isNotification()) {
                notification(rpc);
                ctx.status(202);
                return;
            }
            dispatch(rpc, caller);
        }

        /** 2026-07-28: the mirrored headers must say what the body says (Streamable HTTP, server validation). */
        private void checkModernHeaders(Context ctx, String method, ObjectNode params, String headerVersion, JsonNode metaVersion) {
            if (metaVersion == null || !metaVersion.isTextual()) {
                throw McpError.headerMismatch("params._meta[\"" + Protocol.META_PROTOCOL_VERSION + "\"] is required with "
                        + Protocol.VERSION_HEADER + ": " + headerVersion);
            }
            if (headerVersion == null) {
                throw McpError.headerMismatch("the " + Protocol.VERSION_HEADER + " header is required");
            }
            if (!headerVersion.equals(metaVersion.asText())) {
                throw McpError.headerMismatch(Protocol.VERSION_HEADER + " '" + headerVersion
                        + "' does not match the body's protocol version '" + metaVersion.asText() + "'");
            }
            if (!Protocol.MODERN.equals(headerVersion)) {
                ObjectNode data = MigJson.object();
                ArrayNode supported = data.putArray("supported");
                Protocol.SUPPORTED.forEach(supported::add);
                data.put("requested", headerVersion);
                throw new McpError(JsonRpc.UNSUPPORTED_PROTOCOL_VERSION, 400, "Unsupported protocol version", data);
            }
            String methodHeader = ctx.header(Protocol.METHOD_HEADER);
            if (methodHeader == null || !methodHeader.equals(method)) {
                throw McpError.headerMismatch(methodHeader == null ? "the " + Protocol.METHOD_HEADER + " header is required"
                        : "Header mismatch: " + Protocol.METHOD_HEADER + " does not match the body's method");
            }
            if (method.equals("tools/call")) {
                String nameHeader = Protocol.headerValue(ctx.header(Protocol.NAME_HEADER));
                if (nameHeader == null || !nameHeader.equals(params.path("name").asText(null))) {
                    throw McpError.headerMismatch(nameHeader == null ? "the " + Protocol.NAME_HEADER + " header is required"
                            : "Header mismatch: " + Protocol.NAME_HEADER + " does not match params.name");
                }
            }
        }

        private void notification(McpRequest rpc) {
            if (rpc.method().equals("notifications/cancelled") && rpc.sessionId() != null) {
                JsonNode requestId = rpc.params().get("requestId");
                if (requestId != null && (requestId.isTextual() || requestId.isIntegralNumber())) {
                    String reason = rpc.params().path("reason").asText("cancelled by the MCP client");
                    try {
                        gateway.cancel(rpc.call(), new io.mig.core.model.CancelRequest(null,
                                ToolCalls.messageId(rpc.sessionId(), requestId),
                                reason.length() > 1024 ? reason.substring(0, 1024) : reason));
                    } catch (MigException ignored) {
                        // a malformed cancellation changes nothing; notifications get no answer
                    }
                }
            }
            // notifications/initialized and every other notification: accepted, nothing to do
        }

        private void dispatch(McpRequest rpc, Caller caller) {
            switch (rpc.method()) {
                case "initialize" -> initialize(rpc, caller);
                case "server/discover" -> rpc.replyResult(discover());
                case "ping" -> rpc.replyResult(MigJson.object());
                case "tools/list" -> rpc.replyResult(list(rpc));
                case "tools/call" -> calls.call(rpc);
                default -> rpc.replyError(new McpError(JsonRpc.METHOD_NOT_FOUND, rpc.modern() ? 404 : 200,
                        "Method not found: " + abbreviate(rpc.method()), null));
            }
        }

        private void initialize(McpRequest rpc, Caller caller) {
            String requested = rpc.params().path("protocolVersion").asText(null);
            String version = Protocol.negotiateLegacy(requested);
            rpc.ctx().header(Protocol.SESSION_HEADER, sessions.issue(version, caller.tenantId(), caller.principal().actor()));
            ObjectNode result = MigJson.object().put("protocolVersion", version);
            result.putObject("capabilities").putObject("tools").put("listChanged", false);
            result.putObject("serverInfo").put("name", "migd").put("version", McpServer.this.version);
            result.put("instructions", instructions());
            rpc.replyResult(result);
        }

        private ObjectNode discover() {
            ObjectNode result = MigJson.object();
            ArrayNode versions = result.putArray("supportedVersions");
            Protocol.SUPPORTED.forEach(versions::add);
            result.putObject("capabilities").putObject("tools");
            result.put("instructions", instructions());
            result.put("ttlMs", 3_600_000).put("cacheScope", "public");
            return result;
        }

        private ObjectNode list(McpRequest rpc) {
            JsonNode cursor = rpc.params().get("cursor");
            if (cursor != null && !cursor.isNull() && !cursor.isTextual()) {
                throw McpError.invalidParams("cursor must be a string");
            }
            ToolCatalog.Page page = catalog.list(rpc.call(), null, rpc.namespace(),
                    cursor == null || cursor.isNull() ? null : cursor.asText());
            ObjectNode result = MigJson.object();
            result.set("tools", page.tools());
            if (page.nextCursor() != null) {
                result.put("nextCursor", page.nextCursor());
            }
            if (rpc.modern()) {
                // the list depends on the caller's tenant and scopes: cacheable for this caller only
                result.put("ttlMs", 30_000).put("cacheScope", "private");
            }
            return result;
        }

        /** Authentication or tenant resolution failed: an HTTP error, with the RFC 9728 challenge on 401. */
        private void refuse(Context ctx, MigException e, JsonNode id, String resourcePath, boolean hadToken) {
            if (e.code() == ErrorCode.MIG_UNAUTHORIZED) {
                ctx.header("WWW-Authenticate", ProtectedResource.challenge(base(ctx), resourcePath, hadToken ? "invalid_token" : null));
            }
            gateway.errors().answered("mcp", e);
            McpError answer = McpError.refusal(e, host.status(e));
            write(ctx, answer.httpStatus(), JsonRpc.error(id, answer.code(), answer.getMessage(), answer.data()));
        }

        private String base(Context ctx) {
            return options.resourceUrl() != null ? options.resourceUrl() : ctx.scheme() + "://" + ctx.host();
        }
    }

    private static String instructions() {
        return "Tools are MIG capabilities of this gateway; each call is a MIG INVOKE (schemas, scopes, quotas and audit apply).";
    }

    private static void write(Context ctx, int status, ObjectNode message) {
        ctx.status(status).contentType("application/json").result(MigJson.encode(message));
    }

    private static String abbreviate(String s) {
        return s.length() <= 100 ? s : s.substring(0, 97) + "...";
    }
}
