package io.mig.binding.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;
import io.mig.core.model.MigError;
import java.util.Iterator;
import java.util.Set;

/**
 * INVOKE outcomes as MCP {@code CallToolResult}s (SPEC §12).
 *
 * <p>Success: the payload is {@code structuredContent} and one text block holding its JSON. A payload
 * that is exactly {@code {"content": [blocks…]}} is what a capability served by an upstream MCP tool
 * answers when that tool gave no structured content (the {@code type: mcp} provider's convention):
 * those blocks are passed through unchanged (text, image, audio, resource, resource_link).
 *
 * <p>Failure: {@code isError: true}, a text block starting with the MIG code, and the MIG error
 * object under {@code _meta["io.mig/error"]}; content blocks of an upstream tool's own error
 * (the provider puts them in {@code details.content}) follow the text block.
 */
final class ToolResults {
    static final String ERROR_META = "io.mig/error";
    private static final Set<String> BLOCK_TYPES = Set.of("text", "image", "audio", "resource", "resource_link");

    private ToolResults() {
    }

    static ObjectNode success(ObjectNode payload) {
        ObjectNode result = MigJson.object();
        ObjectNode body = payload == null ? MigJson.object() : payload;
        if (isUpstreamContent(body)) {
            result.set("content", body.get("content"));
            return result;
        }
        result.putArray("content").addObject().put("type", "text").put("text", MigJson.encodeToString(body));
        result.set("structuredContent", body);
        return result;
    }

    static ObjectNode failure(MigError error) {
        ObjectNode result = MigJson.object();
        ArrayNode content = result.putArray("content");
        content.addObject().put("type", "text").put("text", error.code().name() + ": " + error.message());
        JsonNode upstream = error.details() == null ? null : error.details().get("content");
        if (upstream != null && isBlocks(upstream)) {
            upstream.forEach(content::add);
        }
        result.put("isError", true);
        result.putObject("_meta").set(ERROR_META, MigJson.toObjectNode(error));
        return result;
    }

    /** {@code {"content": [blocks]}} and nothing else. */
    static boolean isUpstreamContent(ObjectNode payload) {
        return payload.size() == 1 && payload.has("content") && isBlocks(payload.get("content"));
    }

    private static boolean isBlocks(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            return false;
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            JsonNode block = it.next();
            if (!block.isObject() || !BLOCK_TYPES.contains(block.path("type").asText())) {
                return false;
            }
        }
        return true;
    }
}
