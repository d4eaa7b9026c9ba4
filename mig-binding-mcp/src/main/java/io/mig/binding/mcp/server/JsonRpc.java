package io.mig.binding.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;

/** JSON-RPC 2.0 messages and the error codes MCP uses. */
final class JsonRpc {
    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int INTERNAL_ERROR = -32603;
    /** 2026-07-28: a mirrored header is missing or differs from the body. */
    static final int HEADER_MISMATCH = -32020;
    /** 2026-07-28: the request's protocol version is not served here. */
    static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

    private JsonRpc() {
    }

    static ObjectNode result(JsonNode id, ObjectNode result) {
        ObjectNode message = MigJson.object().put("jsonrpc", "2.0");
        message.set("id", id);
        message.set("result", result);
        return message;
    }

    /** An error response; {@code id} is null (JSON null) when the request's id could not be read. */
    static ObjectNode error(JsonNode id, int code, String text, JsonNode data) {
        ObjectNode message = MigJson.object().put("jsonrpc", "2.0");
        message.set("id", id == null ? MigJson.mapper().nullNode() : id);
        ObjectNode error = message.putObject("error").put("code", code).put("message", text);
        if (data != null) {
            error.set("data", data);
        }
        return message;
    }

    static ObjectNode notification(String method, ObjectNode params) {
        ObjectNode message = MigJson.object().put("jsonrpc", "2.0").put("method", method);
        message.set("params", params);
        return message;
    }
}
