package io.mig.binding.mcp.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.ErrorReason;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;

/**
 * What an upstream tool's {@code CallToolResult} is in MIG (SPEC §12, docs/MCP.md "Federation"):
 * <ul>
 *   <li>{@code structuredContent} that is an object is the payload, as it came;</li>
 *   <li>otherwise the payload is {@code {"content": [...]}}: the content blocks (text, image,
 *       audio, resource, resource_link) unchanged, so that migd's MCP server can hand the very same
 *       blocks to its own callers — and, when {@code structuredContent} is some other JSON value,
 *       {@code "structured_content"} beside them;</li>
 *   <li>{@code isError: true} is {@code MIG_INTERNAL} (HTTP 502) with the blocks in
 *       {@code details.content};</li>
 *   <li>a modern result that asks for more input ({@code resultType: "input_required"}) cannot be
 *       answered by a gateway: {@code MIG_INTERNAL} (HTTP 502).</li>
 * </ul>
 */
final class ToolResults {
    private ToolResults() {
    }

    static ObjectNode payload(String tool, ObjectNode result) {
        JsonNode content = result.get("content");
        if (result.path("isError").asBoolean(false)) {
            MigException error = MigException.internal("the MCP tool '" + tool + "' reported an error"
                            + firstText(content).map(t -> ": " + t).orElse("")).withReason(ErrorReason.PROVIDER_FAILED)
                    .withDetail("tool", tool)
                    .withDetail("content", content == null ? MigJson.mapper().createArrayNode() : content);
            throw result.has("structuredContent") ? error.withDetail("structured_content", result.get("structuredContent")) : error;
        }
        if ("input_required".equals(result.path("resultType").asText())) {
            throw MigException.internal("the MCP tool '" + tool + "' asked for more input, which a gateway cannot give")
                    .withReason(ErrorReason.PROVIDER_FAILED).withDetail("tool", tool);
        }
        JsonNode structured = result.get("structuredContent");
        if (structured instanceof ObjectNode object) {
            return object;
        }
        ObjectNode payload = MigJson.object();
        payload.set("content", content != null && content.isArray() ? content : MigJson.mapper().createArrayNode());
        if (structured != null && !structured.isNull()) {
            payload.set("structured_content", structured);
        }
        return payload;
    }

    private static java.util.Optional<String> firstText(JsonNode content) {
        if (content != null && content.isArray()) {
            for (JsonNode block : content) {
                if ("text".equals(block.path("type").asText()) && block.hasNonNull("text")) {
                    String text = block.get("text").asText();
                    return java.util.Optional.of(text.length() > 200 ? text.substring(0, 200) + "…" : text);
                }
            }
        }
        return java.util.Optional.empty();
    }
}
