package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * migd's MCP server driven by the official MCP Java SDK (legacy era, Streamable HTTP): tools are
 * capabilities, calls are INVOKEs with every MIG rule, progress comes from stream frames.
 */
@SuppressWarnings("unchecked")
class McpSdkTest {
    @RegisterExtension
    static final MigdExtension migd = MigdExtension.inProcess().quiet().build();

    static McpSyncClient connect(TestGateway server, String endpoint, String tenant, String token,
                                 Consumer<McpSchema.ProgressNotification> progress) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(server.baseUrl())
                .endpoint(endpoint)
                .httpRequestCustomizer((request, method, uri, body, context) -> {
                    if (tenant != null) {
                        request.header("X-Tenant-ID", tenant);
                    }
                    if (token != null) {
                        request.header("Authorization", "Bearer " + token);
                    }
                })
                .build();
        McpClient.SyncSpec spec = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20));
        if (progress != null) {
            spec.progressConsumer(progress);
        }
        McpSyncClient client = spec.build();
        client.initialize();
        return client;
    }

    @Test
    void listsCapabilitiesAsToolsWithTheirSchemas() {
        try (McpSyncClient client = connect(migd, "/mcp", "acme", null, null)) {
            assertThat(client.getServerInfo().name()).isEqualTo("migd");
            McpSchema.Tool demo = client.listTools().tools().stream()
                    .filter(t -> t.name().equals("observatory.models.infer")).findFirst().orElseThrow();
            assertThat(demo.description()).containsIgnoringCase("demo");
            assertThat(demo.inputSchema()).containsEntry("type", "object");
            assertThat((List<Object>) demo.inputSchema().get("required")).contains("input");
            assertThat(demo.outputSchema()).as("an object output schema is shown").containsKey("properties");
        }
        try (McpSyncClient namespaced = connect(migd, "/mcp/observatory", "acme", null, null)) {
            assertThat(namespaced.listTools().tools()).extracting(McpSchema.Tool::name).containsExactly("models.infer");
        }
    }

    @Test
    void callIsAnInvokeWithStructuredContentAndAuditedAsMcp() throws Exception {
        try (McpSyncClient client = connect(migd, "/mcp/observatory", "tenant-mcp-audit", null, null)) {
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("models.infer", Map.of("input", "hello mcp")));
            assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
            assertThat((Map<Object, Object>) result.structuredContent()).containsEntry("result", "hello mcp").containsEntry("model", "demo-echo");
            assertThat(((McpSchema.TextContent) result.content().get(0)).text()).contains("\"result\":\"hello mcp\"");
        }
        JsonNode records = migd.get("/pro/v0.1/audit/export?tenant_id=tenant-mcp-audit").json().path("records");
        assertThat(records).hasSize(1);
        assertThat(records.get(0).path("binding").asText()).isEqualTo("mcp");
        assertThat(records.get(0).path("capability").asText()).isEqualTo("observatory.models.infer");
        assertThat(records.get(0).path("outcome").asText()).isEqualTo("success");
        assertThat(migd.get("/cloud/v0.1/usage").json().path("tenant_invocations").path("tenant-mcp-audit").asInt()).isEqualTo(1);
        assertThat(migd.get("/metrics").body()).as("invocations are counted with binding mcp")
                .containsPattern("mig_gateway_invocations_total\\{[^}]*binding=\"mcp\"");
    }

    @Test
    void invalidArgumentsAreAToolErrorNamingTheMigCode() {
        try (McpSyncClient client = connect(migd, "/mcp", "acme", null, null)) {
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("observatory.models.infer", Map.of("input", 42)));
            assertThat(result.isError()).isTrue();
            assertThat(((McpSchema.TextContent) result.content().get(0)).text()).startsWith("MIG_INVALID_REQUEST");
            Map<?, ?> error = (Map<?, ?>) result.meta().get("io.mig/error");
            assertThat(error.get("code")).isEqualTo("MIG_INVALID_REQUEST");
            assertThat((Map<Object, Object>) error.get("details")).containsKey("violations");
        }
    }

    @Test
    void unknownToolIsAProtocolError() {
        try (McpSyncClient client = connect(migd, "/mcp", "acme", null, null)) {
            assertThatThrownBy(() -> client.callTool(new McpSchema.CallToolRequest("observatory.models.nope", Map.of())))
                    .isInstanceOfSatisfying(McpError.class, e -> assertThat(e.getJsonRpcError().code()).isEqualTo(-32602));
            assertThatThrownBy(() -> client.callTool(new McpSchema.CallToolRequest("not a name", Map.of())))
                    .isInstanceOfSatisfying(McpError.class, e -> assertThat(e.getJsonRpcError().code()).isEqualTo(-32602));
        }
    }

    @Test
    void progressTokenStreamsFramesAsProgressNotifications() {
        List<McpSchema.ProgressNotification> seen = new CopyOnWriteArrayList<>();
        try (McpSyncClient client = connect(migd, "/mcp/observatory", "acme", null, seen::add)) {
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("models.infer",
                    Map.of("input", "one two three"), Map.of("progressToken", "p-1")));
            assertThat((Map<Object, Object>) result.structuredContent()).containsEntry("result", "one two three");
            // the notifications precede the result on the wire, but the SDK hands them to the
            // consumer on its own thread: give the last one a moment to arrive
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (seen.size() < 3 && System.nanoTime() < deadline) {
                sleep(10);
            }
            assertThat(seen).hasSize(3);
            assertThat(seen).extracting(McpSchema.ProgressNotification::progress).containsExactly(1.0, 2.0, 3.0);
            assertThat(seen).allSatisfy(p -> assertThat(p.progressToken()).isEqualTo("p-1"));
            assertThat(seen.get(1).message()).contains("two");
        }
    }

    @Test
    void quotasCountMcpCallsPerTenant() {
        migd.post("/pro/v0.1/quotas", "{\"tenant_id\":\"tenant-mcp-quota\",\"max_invocations\":1}");
        try (McpSyncClient limited = connect(migd, "/mcp", "tenant-mcp-quota", null, null);
             McpSyncClient other = connect(migd, "/mcp", "tenant-mcp-free", null, null)) {
            McpSchema.CallToolRequest call = new McpSchema.CallToolRequest("observatory.models.infer", Map.of("input", "x"));
            assertThat(limited.callTool(call).isError()).isNotEqualTo(Boolean.TRUE);
            McpSchema.CallToolResult refused = limited.callTool(call);
            assertThat(refused.isError()).isTrue();
            assertThat(((McpSchema.TextContent) refused.content().get(0)).text()).startsWith("MIG_RATE_LIMITED");
            assertThat(other.callTool(call).isError()).as("another tenant is not limited").isNotEqualTo(Boolean.TRUE);
            assertThat(limited.ping()).isNotNull();
        }
        JsonNode records = migd.get("/pro/v0.1/audit/export?tenant_id=tenant-mcp-quota&outcome=failure").json().path("records");
        assertThat(records).hasSize(1);
        assertThat(records.get(0).path("code").asText()).isEqualTo("MIG_RATE_LIMITED");
        assertThat(records.get(0).path("binding").asText()).isEqualTo("mcp");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
