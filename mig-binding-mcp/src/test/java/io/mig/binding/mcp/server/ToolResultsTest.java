package io.mig.binding.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import org.junit.jupiter.api.Test;

class ToolResultsTest {
    private static ObjectNode json(String text) {
        return MigJson.readObject(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aPayloadIsStructuredContentAndOneTextBlock() {
        ObjectNode result = ToolResults.success(json("{\"result\":\"hi\"}"));
        assertThat(result.path("structuredContent").path("result").asText()).isEqualTo("hi");
        assertThat(result.path("content")).hasSize(1);
        assertThat(result.path("content").get(0).path("text").asText()).isEqualTo("{\"result\":\"hi\"}");
        assertThat(result.has("isError")).isFalse();
    }

    @Test
    void upstreamContentBlocksPassThroughUnchanged() {
        ObjectNode payload = json("{\"content\":[{\"type\":\"image\",\"data\":\"AAAA\",\"mimeType\":\"image/png\"},"
                + "{\"type\":\"text\",\"text\":\"caption\"}]}");
        ObjectNode result = ToolResults.success(payload);
        assertThat(result.path("content")).isEqualTo(payload.path("content"));
        assertThat(result.has("structuredContent")).isFalse();
        ObjectNode notBlocks = json("{\"content\":[{\"kind\":\"x\"}]}");
        assertThat(ToolResults.success(notBlocks).has("structuredContent")).as("not MCP blocks: a plain payload").isTrue();
    }

    @Test
    void failuresNameTheMigCodeAndCarryTheError() {
        MigException error = MigException.internal("upstream tool failed")
                .withDetail("content", MigJson.mapper().createArrayNode().add(MigJson.object().put("type", "text").put("text", "boom")));
        ObjectNode result = ToolResults.failure(error.toError());
        assertThat(result.path("isError").asBoolean()).isTrue();
        assertThat(result.path("content").get(0).path("text").asText()).startsWith("MIG_INTERNAL: upstream tool failed");
        assertThat(result.path("content").get(1).path("text").asText()).isEqualTo("boom");
        assertThat(result.path("_meta").path("io.mig/error").path("code").asText()).isEqualTo("MIG_INTERNAL");
    }
}
