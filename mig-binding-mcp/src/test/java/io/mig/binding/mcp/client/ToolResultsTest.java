package io.mig.binding.mcp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.ErrorReason;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ToolResultsTest {
    @Test
    void anObjectStructuredContentIsThePayload() {
        ObjectNode payload = ToolResults.payload("t", json("{\"content\":[{\"type\":\"text\",\"text\":\"x\"}],"
                + "\"structuredContent\":{\"n\":1}}"));
        assertThat(payload.toString()).isEqualTo("{\"n\":1}");
    }

    @Test
    void withoutStructuredContentTheBlocksAreThePayloadUnchanged() {
        String blocks = "[{\"type\":\"image\",\"data\":\"AA==\",\"mimeType\":\"image/png\",\"annotations\":{\"priority\":1}},"
                + "{\"type\":\"resource_link\",\"uri\":\"file:///a\",\"name\":\"a\"}]";
        assertThat(ToolResults.payload("t", json("{\"content\":" + blocks + "}")).toString())
                .isEqualTo("{\"content\":" + blocks + "}");
        assertThat(ToolResults.payload("t", json("{\"content\":[],\"structuredContent\":[1,2]}")).toString())
                .isEqualTo("{\"content\":[],\"structured_content\":[1,2]}");
    }

    @Test
    void isErrorIsAProviderFailureWithTheBlocks() {
        assertThatThrownBy(() -> ToolResults.payload("t", json("{\"isError\":true,\"content\":[{\"type\":\"text\",\"text\":\"boom\"}]}")))
                .isInstanceOfSatisfying(MigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MIG_INTERNAL);
                    assertThat(e.reason()).isEqualTo(ErrorReason.PROVIDER_FAILED);
                    assertThat(e.getMessage()).endsWith(": boom");
                    assertThat(e.details().path("content").get(0).path("text").asText()).isEqualTo("boom");
                });
    }

    @Test
    void jsonRpcErrorsMapAsTheOriginalMappingSays() {
        assertThat(RpcErrors.toMig(json("{\"code\":-32602,\"message\":\"m\"}")).code()).isEqualTo(ErrorCode.MIG_INVALID_REQUEST);
        assertThat(RpcErrors.toMig(json("{\"code\":-32600}")).code()).isEqualTo(ErrorCode.MIG_INVALID_REQUEST);
        assertThat(RpcErrors.toMig(json("{\"code\":-32601}")).code()).isEqualTo(ErrorCode.MIG_NOT_FOUND);
        assertThat(RpcErrors.toMig(json("{\"code\":-32603}")).reason()).isEqualTo(ErrorReason.PROVIDER_FAILED);
        assertThat(RpcErrors.toMig(json("{\"code\":-32000}")).code()).isEqualTo(ErrorCode.MIG_UNAVAILABLE);
        assertThat(RpcErrors.toMig(json("{\"code\":-32099}")).code()).isEqualTo(ErrorCode.MIG_UNAVAILABLE);
        assertThat(RpcErrors.toMig(json("{\"code\":-32100}")).code()).isEqualTo(ErrorCode.MIG_INTERNAL);
        assertThat(RpcErrors.toMig(json("{\"code\":-32700}")).code()).isEqualTo(ErrorCode.MIG_INTERNAL);
    }

    @Test
    void headerValuesThatAreNotPlainAsciiAreBase64Sentinels() {
        assertThat(HeaderValues.encode("get_weather")).isEqualTo("get_weather");
        assertThat(HeaderValues.encode("Hello, 世界")).isEqualTo("=?base64?SGVsbG8sIOS4lueVjA==?=");
        assertThat(HeaderValues.encode(" padded ")).isEqualTo("=?base64?IHBhZGRlZCA=?=");
        assertThat(HeaderValues.encode("=?base64?literal?=")).isEqualTo("=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=");
    }

    private static ObjectNode json(String text) {
        return MigJson.readObject(text.getBytes(StandardCharsets.UTF_8));
    }
}
