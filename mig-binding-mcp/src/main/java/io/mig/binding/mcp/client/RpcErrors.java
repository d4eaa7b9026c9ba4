package io.mig.binding.mcp.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.ErrorReason;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;

/**
 * What an upstream's JSON-RPC error means in MIG (SPEC §12, the original project's mapping):
 * <table>
 *   <tr><th>JSON-RPC code</th><th>MIG code</th></tr>
 *   <tr><td>-32602 invalid params, -32600 invalid request</td><td>{@code MIG_INVALID_REQUEST}</td></tr>
 *   <tr><td>-32601 method not found</td><td>{@code MIG_NOT_FOUND}</td></tr>
 *   <tr><td>-32603 internal error</td><td>{@code MIG_INTERNAL} (HTTP 502)</td></tr>
 *   <tr><td>-32000 … -32099 server errors</td><td>{@code MIG_UNAVAILABLE}</td></tr>
 *   <tr><td>anything else (-32700 parse error, …)</td><td>{@code MIG_INTERNAL} (HTTP 502)</td></tr>
 * </table>
 * The upstream's error object is kept in {@code details.mcp_error}.
 */
final class RpcErrors {
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int INTERNAL_ERROR = -32603;
    /** 2026-07-28: the server does not speak the requested protocol version. */
    static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

    private RpcErrors() {
    }

    static MigException toMig(JsonNode error) {
        int code = error.path("code").asInt(0);
        String message = error.path("message").asText("");
        String text = "the MCP server answered error " + code + (message.isEmpty() ? "" : ": " + message);
        MigException mapped = switch (code) {
            case INVALID_PARAMS, INVALID_REQUEST -> MigException.invalid(text);
            case METHOD_NOT_FOUND -> MigException.notFound(text);
            default -> code <= -32000 && code >= -32099
                    ? MigException.unavailable(text)
                    : MigException.internal(text).withReason(ErrorReason.PROVIDER_FAILED);
        };
        ObjectNode kept = error instanceof ObjectNode object ? object.deepCopy() : MigJson.object();
        return mapped.withDetail("mcp_error", kept);
    }
}
