package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.json.MigJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The MCP endpoint on the wire: the 2026-07-28 era (per-request metadata, mirrored headers checked
 * against the body, {@code resultType}, cache hints), JSON-RPC protocol errors, legacy sessions that
 * any instance sharing the key can serve, and DNS-rebinding protection.
 */
class McpWireTest {
    private static final String KEY = "a-shared-session-key-for-tests";
    @RegisterExtension
    static final MigdExtension migd = MigdExtension.inProcess().quiet().env("MIGD_MCP_SESSION_KEY", KEY)
            .env("MIGD_MCP_PAGE_SIZE", "2").env("MIGD_MCP_ALLOWED_ORIGINS", "https://app.example.com").build();

    @BeforeAll
    static void start() {
        for (String id : List.of("acme.pager.c", "acme.pager.a", "acme.pager.b")) {
            MigdServer.Reply reply = migd.post("/admin/v0.1/capabilities", "{\"descriptor\":{\"id\":\"" + id
                    + "\",\"version\":\"1.0.0\",\"modes\":[\"unary\"],\"input_schema_uri\":\"schema://none\","
                    + "\"output_schema_uri\":\"schema://none\"},\"provider\":{\"type\":\"http\",\"url\":\"http://127.0.0.1:9/\"}}");
            assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        }
    }

    private static MigdServer.Reply modern(String path, Object id, String method, String name, String params, String... extra) {
        return migd.post(path, McpWire.modern(id, method, params), McpWire.modernHeaders(method, name, extra));
    }

    @Test
    void discoverNamesBothErasWithCacheHints() {
        MigdServer.Reply reply = modern("/mcp", "d-1", "server/discover", null, "");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode result = reply.json().path("result");
        assertThat(reply.json().path("id").asText()).isEqualTo("d-1");
        assertThat(result.path("resultType").asText()).isEqualTo("complete");
        assertThat(result.path("supportedVersions")).extracting(JsonNode::asText).contains("2026-07-28", "2025-11-25", "2025-03-26");
        assertThat(result.path("capabilities").has("tools")).isTrue();
        assertThat(result.path("ttlMs").asLong()).isPositive();
        assertThat(result.path("_meta").path("io.modelcontextprotocol/serverInfo").path("name").asText()).isEqualTo("migd");
    }

    @Test
    void toolsListIsSortedPaginatedAndPrivatelyCacheable() {
        JsonNode first = modern("/mcp/acme", 1, "tools/list", null, "").json().path("result");
        assertThat(first.path("tools")).extracting(t -> t.path("name").asText()).containsExactly("pager.a", "pager.b");
        assertThat(first.path("cacheScope").asText()).isEqualTo("private");
        assertThat(first.path("tools").get(0).path("inputSchema").path("type").asText()).isEqualTo("object");
        String cursor = first.path("nextCursor").asText();
        assertThat(cursor).isNotEmpty();
        JsonNode second = modern("/mcp/acme", 2, "tools/list", null, "\"cursor\":\"" + cursor + "\"").json().path("result");
        assertThat(second.path("tools")).extracting(t -> t.path("name").asText()).containsExactly("pager.c");
        assertThat(second.has("nextCursor")).isFalse();
        JsonNode bad = modern("/mcp/acme", 3, "tools/list", null, "\"cursor\":\"!!\"").json();
        assertThat(bad.path("error").path("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void modernCallAnswersOnItsOwnStream() {
        MigdServer.Reply reply = modern("/mcp/observatory", 5, "tools/call", "models.infer",
                "\"name\":\"models.infer\",\"arguments\":{\"input\":\"hi there\"}");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("text/event-stream");
        List<String> events = McpWire.events(reply.body());
        assertThat(events).hasSize(1);
        JsonNode result = json(events.get(0)).path("result");
        assertThat(result.path("resultType").asText()).isEqualTo("complete");
        assertThat(result.path("structuredContent").path("result").asText()).isEqualTo("hi there");
        assertThat(result.path("content").get(0).path("type").asText()).isEqualTo("text");
    }

    @Test
    void modernProgressStreamsFramesThenTheResult() {
        String call = McpWire.modern(11, "tools/call", "\"name\":\"models.infer\",\"arguments\":{\"input\":\"a b\"}")
                .replace("\"_meta\":{", "\"_meta\":{\"progressToken\":\"tok\",");
        MigdServer.Reply reply = migd.post("/mcp/observatory", call, McpWire.modernHeaders("tools/call", "models.infer"));
        List<JsonNode> events = McpWire.events(reply.body()).stream().map(McpWireTest::json).toList();
        assertThat(events).hasSize(3);
        assertThat(events.subList(0, 2)).allSatisfy(e -> {
            assertThat(e.path("method").asText()).isEqualTo("notifications/progress");
            assertThat(e.path("params").path("progressToken").asText()).isEqualTo("tok");
        });
        assertThat(events.get(1).path("params").path("progress").asDouble())
                .isGreaterThan(events.get(0).path("params").path("progress").asDouble());
        assertThat(events.get(2).path("id").asInt()).isEqualTo(11);
        assertThat(events.get(2).path("result").path("structuredContent").path("result").asText()).isEqualTo("a b");
        assertThat(events.get(2).path("result").path("resultType").asText()).isEqualTo("complete");
    }

    @Test
    void mirroredHeadersMustMatchTheBody() {
        String call = McpWire.modern(6, "tools/call", "\"name\":\"models.infer\",\"arguments\":{\"input\":\"x\"}");
        MigdServer.Reply wrongMethod = migd.post("/mcp/observatory", call, McpWire.modernHeaders("tools/list", "models.infer"));
        assertThat(wrongMethod.status()).isEqualTo(400);
        assertThat(wrongMethod.json().path("error").path("code").asInt()).isEqualTo(-32020);
        MigdServer.Reply wrongName = migd.post("/mcp/observatory", call, McpWire.modernHeaders("tools/call", "models.other"));
        assertThat(wrongName.json().path("error").path("code").asInt()).isEqualTo(-32020);
        MigdServer.Reply noName = migd.post("/mcp/observatory", call, McpWire.modernHeaders("tools/call", null));
        assertThat(noName.json().path("error").path("code").asInt()).isEqualTo(-32020);
        MigdServer.Reply encoded = migd.post("/mcp/observatory", call,
                McpWire.modernHeaders("tools/call", McpWire.base64Header("models.infer")));
        assertThat(encoded.status()).as("a Base64-sentinel Mcp-Name is decoded").isEqualTo(200);
        MigdServer.Reply versionMismatch = migd.post("/mcp", McpWire.modern(7, "ping", ""), "Accept", "application/json",
                "MCP-Protocol-Version", "2025-11-25", "Mcp-Method", "ping", "X-Tenant-ID", "acme");
        assertThat(versionMismatch.status()).isEqualTo(400);
        assertThat(versionMismatch.json().path("error").path("code").asInt()).isEqualTo(-32020);
    }

    @Test
    void unsupportedVersionListsTheSupportedOnes() {
        String body = McpWire.modern(8, "ping", "").replace(McpWire.MODERN, "2099-01-01");
        MigdServer.Reply reply = migd.post("/mcp", body, "MCP-Protocol-Version", "2099-01-01", "Mcp-Method", "ping",
                "X-Tenant-ID", "acme");
        assertThat(reply.status()).isEqualTo(400);
        JsonNode error = reply.json().path("error");
        assertThat(error.path("code").asInt()).isEqualTo(-32022);
        assertThat(error.path("data").path("requested").asText()).isEqualTo("2099-01-01");
        assertThat(error.path("data").path("supported")).extracting(JsonNode::asText).contains("2026-07-28");
    }

    @Test
    void aRepeatedSecurityHeaderIsAJsonRpcErrorOnMcp() throws Exception {
        String body = McpWire.legacy(1, "ping", "");
        String answer = RawHttp.exchange(migd.port(), "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Tenant-ID: acme\r\n"
                + "X-Tenant-ID: globex\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(answer).as(answer).startsWith("HTTP/1.1 400");
        JsonNode error = json(answer.substring(answer.indexOf("\r\n\r\n") + 4)).path("error");
        assertThat(error.path("code").asInt()).as("the protocol's own error form, not a MIG envelope").isEqualTo(-32600);
        assertThat(error.path("message").asText()).startsWith("MIG_INVALID_REQUEST").contains("X-Tenant-ID");
    }

    @Test
    void protocolErrorsAreJsonRpcErrors() {
        MigdServer.Reply unknown = modern("/mcp", 9, "resources/list", null, "");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").path("code").asInt()).isEqualTo(-32601);
        MigdServer.Reply parse = migd.post("/mcp", "{\"jsonrpc\":", "X-Tenant-ID", "acme");
        assertThat(parse.status()).isEqualTo(400);
        assertThat(parse.json().path("error").path("code").asInt()).isEqualTo(-32700);
        assertThat(parse.json().path("id").isNull()).isTrue();
        MigdServer.Reply twoMessages = migd.post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"} {}", "X-Tenant-ID", "acme");
        assertThat(twoMessages.json().path("error").path("code").asInt()).as("trailing bytes after the message").isEqualTo(-32700);
        MigdServer.Reply batch = migd.post("/mcp", "[]", "X-Tenant-ID", "acme");
        assertThat(batch.json().path("error").path("code").asInt()).isEqualTo(-32600);
        MigdServer.Reply version = migd.post("/mcp", "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}", "X-Tenant-ID", "acme");
        assertThat(version.json().path("error").path("code").asInt()).isEqualTo(-32600);
        assertThat(migd.get("/mcp").status()).as("no standalone GET stream").isEqualTo(405);
        String huge = McpWire.legacy(10, "ping", "\"pad\":\"" + "x".repeat(1_100_000) + "\"");
        MigdServer.Reply tooLarge = migd.post("/mcp", huge, "X-Tenant-ID", "acme");
        assertThat(tooLarge.status()).as("over MIGD_MAX_BODY_BYTES").isEqualTo(413);
        assertThat(tooLarge.json().path("error").path("code").asInt()).isEqualTo(-32600);
    }

    @Test
    void legacySessionsAreSignedAndServedByEveryInstanceWithTheKey() {
        String session = McpWire.initialize(migd, "/mcp", "X-Tenant-ID", "acme");
        String ping = McpWire.legacy(1, "ping", "");
        assertThat(migd.post("/mcp", ping, "X-Tenant-ID", "acme", "Mcp-Session-Id", session).json().path("result").isObject()).isTrue();
        assertThat(migd.post("/mcp", ping, "X-Tenant-ID", "acme").status()).as("no session").isEqualTo(400);
        assertThat(migd.post("/mcp", ping, "X-Tenant-ID", "acme", "Mcp-Session-Id", session + "x").status()).as("forged").isEqualTo(404);
        assertThat(migd.post("/mcp", ping, "X-Tenant-ID", "globex", "Mcp-Session-Id", session).status())
                .as("another tenant's session").isEqualTo(404);
        try (MigdServer sameKey = MigdServer.start(Map.of("MIGD_LOG_LEVEL", "warn", "MIGD_MCP_SESSION_KEY", KEY));
             MigdServer otherKey = MigdServer.start(Map.of("MIGD_LOG_LEVEL", "warn"))) {
            MigdServer.Reply there = sameKey.post("/mcp", McpWire.legacy(2, "tools/call",
                    "\"name\":\"observatory.models.infer\",\"arguments\":{\"input\":\"moved\"}"),
                    "X-Tenant-ID", "acme", "Mcp-Session-Id", session);
            assertThat(there.status()).isEqualTo(200);
            assertThat(there.json().path("result").path("structuredContent").path("result").asText()).isEqualTo("moved");
            assertThat(otherKey.post("/mcp", ping, "X-Tenant-ID", "acme", "Mcp-Session-Id", session).status()).isEqualTo(404);
        }
        MigdServer.Reply note = migd.post("/mcp", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "X-Tenant-ID", "acme", "Mcp-Session-Id", session);
        assertThat(note.status()).isEqualTo(202);
    }

    @Test
    void foreignOriginsAreRefused() {
        String init = McpWire.legacy(1, "initialize", "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}");
        MigdServer.Reply evil = migd.post("/mcp", init, "X-Tenant-ID", "acme", "Origin", "http://evil.example.com");
        assertThat(evil.status()).isEqualTo(403);
        assertThat(evil.json().path("error").path("code").asInt()).isEqualTo(-32600);
        assertThat(migd.post("/mcp", init, "X-Tenant-ID", "acme", "Origin", "http://localhost:6274").status()).isEqualTo(200);
        assertThat(migd.post("/mcp", init, "X-Tenant-ID", "acme", "Origin", "https://app.example.com").status())
                .as("a configured origin").isEqualTo(200);
        MigdServer.Reply answer = migd.post("/mcp", init, "X-Tenant-ID", "acme");
        assertThat(answer.json().path("result").path("protocolVersion").asText()).isEqualTo("2025-06-18");
    }

    @Test
    void idempotencyKeysAndDeadlinesTravelInMeta() {
        CountingProvider counter = new CountingProvider();
        migd.migd().gateway().register(CountingProvider.descriptor("acme.counted.once"), counter);
        String call = McpWire.modern(20, "tools/call", "\"name\":\"counted.once\",\"arguments\":{\"n\":1}").replace("\"_meta\":{", "\"_meta\":{\"io.mig/idempotency_key\":\"idem-1\",\"io.mig/deadline_ms\":5000,");
        for (int i = 0; i < 2; i++) {
            MigdServer.Reply reply = migd.post("/mcp/acme", call, McpWire.modernHeaders("tools/call", "counted.once"));
            JsonNode result = json(McpWire.events(reply.body()).get(0)).path("result");
            assertThat(result.path("structuredContent").path("echo").path("n").asInt()).as(reply.body()).isEqualTo(1);
        }
        assertThat(counter.total()).as("the repeat was answered from the idempotency store").isEqualTo(1);
        String negative = call.replace("\"io.mig/deadline_ms\":5000", "\"io.mig/deadline_ms\":-1");
        MigdServer.Reply bad = migd.post("/mcp/acme", negative, McpWire.modernHeaders("tools/call", "counted.once"));
        assertThat(bad.json().path("error").path("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void helloNamesMcpAsAnEnabledBinding() {
        MigdServer.Reply hello = migd.post("/mig/v0.1/hello", "{\"requested_bindings\":[\"mcp\"]}", "X-Tenant-ID", "acme");
        assertThat(hello.json().path("selected_binding").asText()).isEqualTo("mcp");
    }

    private static JsonNode json(String text) {
        try {
            return MigJson.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(text, e);
        }
    }
}
