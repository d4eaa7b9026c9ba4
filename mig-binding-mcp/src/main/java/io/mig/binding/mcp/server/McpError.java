package io.mig.binding.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A protocol error: answered as a JSON-RPC error response with this HTTP status, never as a tool
 * result (SPEC §12).
 */
final class McpError extends RuntimeException {
    private final int code;
    private final int httpStatus;
    private final transient JsonNode data;

    McpError(int code, int httpStatus, String message, JsonNode data) {
        super(message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
        this.data = data;
    }

    static McpError invalidRequest(String message) {
        return new McpError(JsonRpc.INVALID_REQUEST, 400, message, null);
    }

    static McpError invalidParams(String message) {
        return new McpError(JsonRpc.INVALID_PARAMS, 200, message, null);
    }

    static McpError headerMismatch(String message) {
        return new McpError(JsonRpc.HEADER_MISMATCH, 400, message, null);
    }

    int code() {
        return code;
    }

    int httpStatus() {
        return httpStatus;
    }

    JsonNode data() {
        return data;
    }
}
