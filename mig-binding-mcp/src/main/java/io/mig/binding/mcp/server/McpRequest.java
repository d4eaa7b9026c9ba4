package io.mig.binding.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.mig.core.json.MigJson;
import io.mig.core.port.in.CallContext;

/**
 * One JSON-RPC message POSTed to an MCP endpoint, with what the transport decided about it: its era,
 * the caller, the endpoint's namespace, and how to answer it.
 *
 * @param id the request id (null for a notification)
 * @param sessionId the legacy-era session, or null (modern era, {@code initialize})
 * @param namespace the {@code {namespace}} of {@code /mcp/{namespace}}, or null
 */
record McpRequest(Context ctx, JsonNode id, String method, ObjectNode params, boolean modern, String sessionId,
                  String namespace, CallContext call, String serverVersion) {

    boolean isNotification() {
        return id == null;
    }

    /** {@code params._meta}, or an empty object. */
    ObjectNode meta() {
        JsonNode meta = params.get("_meta");
        return meta != null && meta.isObject() ? (ObjectNode) meta : MigJson.object();
    }

    /** A result as this era shapes it: the modern era names its type and the server on every result. */
    ObjectNode complete(ObjectNode result) {
        if (modern) {
            result.put("resultType", "complete");
            ObjectNode meta = result.has("_meta") && result.get("_meta").isObject() ? (ObjectNode) result.get("_meta")
                    : result.putObject("_meta");
            meta.putObject(Protocol.META_SERVER_INFO).put("name", "migd").put("version", serverVersion);
        }
        return result;
    }

    /** Answers with one JSON message. */
    void reply(int status, ObjectNode message) {
        byte[] body = MigJson.encode(message);
        ctx.status(status);
        ctx.res().setContentType("application/json");
        ctx.res().setContentLength(body.length);
        try {
            ctx.res().getOutputStream().write(body);
        } catch (java.io.IOException e) {
            // the client went away; nobody is left to answer
        }
    }

    void replyResult(ObjectNode result) {
        reply(200, JsonRpc.result(id, complete(result)));
    }

    void replyError(McpError error) {
        reply(error.httpStatus(), JsonRpc.error(id, error.code(), error.getMessage(), error.data()));
    }
}
