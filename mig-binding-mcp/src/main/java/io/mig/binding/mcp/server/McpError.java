package io.mig.binding.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;

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

    /**
     * A MIG refusal outside a tool call (authentication, tenant, a DISCOVER refused): a protocol
     * error whose message starts with the MIG code and whose data is the MIG error, answered with
     * the HTTP status of that error. Failures of a tool call are results instead ({@code ToolResults}).
     */
    static McpError refusal(MigException error, int httpStatus) {
        return new McpError(httpStatus >= 500 ? JsonRpc.INTERNAL_ERROR : JsonRpc.INVALID_REQUEST, httpStatus,
                error.code().name() + ": " + error.getMessage(), MigJson.toObjectNode(error.toError()));
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
