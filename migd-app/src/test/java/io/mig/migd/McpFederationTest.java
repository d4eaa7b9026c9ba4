package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.mig.binding.grpc.v0_1.InvokeRequest;
import io.mig.binding.grpc.v0_1.InvokeResponse;
import io.mig.core.json.MigJson;
import io.mig.core.testing.Await;
import io.mig.migd.mcp.McpUpstream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstream MCP servers federated into a real migd (SPEC §12): their tools become capabilities
 * invocable over HTTP, gRPC and NATS, with schemas enforced before the upstream is called, errors
 * mapped, progress relayed as stream frames, cancellation reaching the upstream, one session
 * reused and re-opened when it expires — against an upstream of each protocol era.
 */
class McpFederationTest {
    @RegisterExtension
    static final MigdExtension migd = MigdExtension.inProcess().withNats().grpc().quiet().build();
    private static McpUpstream legacy;
    private static McpUpstream modern;

    @BeforeAll
    static void start() {
        legacy = McpUpstream.start(McpUpstream.Era.LEGACY);
        modern = McpUpstream.start(McpUpstream.Era.MODERN);
        assertThat(importServer("up", legacy.url()).status()).isEqualTo(201);
        assertThat(importServer("mod", modern.url()).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        legacy.close();
        modern.close();
    }

    @Test
    void everyToolOfEveryPageBecomesACapabilityWithItsSchemasAndMcpProvider() {
        MigdServer.Reply list = migd.get("/admin/v0.1/mcp/servers");
        JsonNode up = find(list.json().path("servers"), "name", "up");
        assertThat(up.path("tools").findValuesAsText("capability")).contains("up.echo", "up.files_read", "up.slow",
                "up.test_simple_text", "up.test_tool_with_progress", "up.rpc_error");
        assertThat(up.path("tools").size()).isGreaterThan(3); // the fixture pages three tools at a time

        JsonNode echo = migd.get("/admin/v0.1/capabilities/up.echo").json();
        assertThat(echo.path("provider").path("type").asText()).isEqualTo("mcp");
        assertThat(echo.path("provider").path("tool").asText()).isEqualTo("echo");
        assertThat(echo.path("modes").toString()).contains("unary").contains("server_stream");
        assertThat(echo.path("input_schema_uri").asText()).isEqualTo("schema://mcp/up/echo/input");
        assertThat(migd.get("/admin/v0.1/capabilities/up.files_read").json().path("provider").path("tool").asText())
                .isEqualTo("files/read");

        JsonNode schema = migd.get("/admin/v0.1/schemas?uri=schema://mcp/up/echo/input").json().path("schema");
        assertThat(schema.path("$defs").path("text").path("minLength").asInt()).isEqualTo(1);
        assertThat(migd.get("/admin/v0.1/schemas?uri=schema://mcp/up/echo/output").status()).isEqualTo(200);

        JsonNode audit = migd.get("/pro/v0.1/audit/export?capability=admin.mcp_servers.import").json();
        assertThat(audit.path("records").size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aFederatedToolIsInvocableOverHttpGrpcAndNats() {
        MigdServer.Reply http = invoke("up.echo", "{\"text\":\"over http\"}");
        assertThat(http.status()).isEqualTo(200);
        assertThat(http.json().path("payload").path("echo").asText()).isEqualTo("over http");

        try (GrpcClient grpc = new GrpcClient(migd, "acme", null)) {
            Struct payload = Struct.newBuilder().putFields("text", Value.newBuilder().setStringValue("over grpc").build()).build();
            InvokeResponse response = grpc.invocation().invoke(InvokeRequest.newBuilder().setCapability("mod.echo")
                    .setPayload(payload).build());
            assertThat(response.getPayload().getFieldsOrThrow("echo").getStringValue()).isEqualTo("over grpc");
        }
        try (NatsClient client = NatsClient.connect(migd.nats().url())) {
            NatsClient.Reply reply = client.request("mig.v0_1.acme.invoke.up.echo", "{\"payload\":{\"text\":\"over nats\"}}");
            assertThat(reply.json().path("payload").path("echo").asText()).isEqualTo("over nats");
        }
    }

    @Test
    void argumentsThatViolateTheToolSchemaNeverReachTheUpstream() {
        int before = legacy.calls("echo");
        MigdServer.Reply missing = invoke("up.echo", "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("error").path("details").path("violations").findValuesAsText("path")).contains("/text");
        // 2020-12: unevaluatedProperties and a $ref'd minLength
        assertThat(invoke("up.echo", "{\"text\":\"x\",\"extra\":1}").status()).isEqualTo(400);
        assertThat(invoke("up.echo", "{\"text\":\"\"}").status()).isEqualTo(400);
        assertThat(legacy.calls("echo")).isEqualTo(before);
        assertThat(invoke("up.echo", "{\"text\":\"fine\"}").status()).isEqualTo(200);
        assertThat(legacy.calls("echo")).isEqualTo(before + 1);
    }

    @Test
    void aFederatedToolIsCallableOverMcpWithItsSchemaEnforcedBeforeTheUpstream() {
        int before = legacy.calls("echo");
        MigdServer.Reply refused = migd.post("/mcp/up", McpWire.modern(1, "tools/call", "\"name\":\"echo\",\"arguments\":{}"),
                McpWire.modernHeaders("tools/call", "echo"));
        JsonNode refusal = McpWire.events(refused.body()).stream().map(e -> (JsonNode) MigJson.readObject(e.getBytes(java.nio.charset.StandardCharsets.UTF_8))).reduce((a, b) -> b).orElseThrow()
                .path("result");
        assertThat(refusal.path("isError").asBoolean()).as(refused.body()).isTrue();
        assertThat(refusal.path("content").get(0).path("text").asText()).startsWith("MIG_INVALID_REQUEST");
        assertThat(refusal.path("_meta").path("io.mig/error").path("details").path("violations").findValuesAsText("path"))
                .contains("/text");
        assertThat(legacy.calls("echo")).as("an invalid call never reaches the upstream").isEqualTo(before);

        MigdServer.Reply called = migd.post("/mcp/up", McpWire.modern(2, "tools/call",
                "\"name\":\"echo\",\"arguments\":{\"text\":\"over mcp\"}"), McpWire.modernHeaders("tools/call", "echo"));
        JsonNode result = McpWire.events(called.body()).stream().map(e -> (JsonNode) MigJson.readObject(e.getBytes(java.nio.charset.StandardCharsets.UTF_8))).reduce((a, b) -> b).orElseThrow()
                .path("result");
        assertThat(result.path("isError").asBoolean()).as(called.body()).isFalse();
        assertThat(result.path("structuredContent").path("echo").asText()).isEqualTo("over mcp");
        assertThat(legacy.calls("echo")).isEqualTo(before + 1);
    }

    @Test
    void contentBlocksPassThroughUnchanged() {
        JsonNode mixed = invoke("up.test_multiple_content_types", "{}").json().path("payload").path("content");
        assertThat(mixed).hasSize(3);
        assertThat(mixed.get(0).toString()).isEqualTo("{\"type\":\"text\",\"text\":\"Multiple content types test:\"}");
        assertThat(mixed.get(1).path("type").asText()).isEqualTo("image");
        assertThat(mixed.get(1).path("mimeType").asText()).isEqualTo("image/png");
        assertThat(mixed.get(2).path("resource").path("text").asText()).isEqualTo("{\"test\":\"data\",\"value\":123}");
        JsonNode audio = invoke("mod.test_audio_content", "{}").json().path("payload").path("content").get(0);
        assertThat(audio.path("type").asText()).isEqualTo("audio");
        assertThat(audio.path("mimeType").asText()).isEqualTo("audio/wav");
        JsonNode embedded = invoke("up.test_embedded_resource", "{}").json().path("payload").path("content").get(0);
        assertThat(embedded.path("resource").path("uri").asText()).isEqualTo("test://embedded-resource");
    }

    @Test
    void upstreamToolErrorsAndJsonRpcErrorsAreMapped() {
        MigdServer.Reply failed = invoke("up.test_error_handling", "{}");
        assertThat(failed.status()).isEqualTo(502);
        assertThat(failed.errorCode()).isEqualTo("MIG_INTERNAL");
        assertThat(failed.json().path("error").path("details").path("content").get(0).path("text").asText())
                .isEqualTo("This tool intentionally returns an error for testing");
        assertThat(status(invoke("up.rpc_error", "{\"code\":-32602}"))).isEqualTo("400 MIG_INVALID_REQUEST");
        assertThat(status(invoke("up.rpc_error", "{\"code\":-32600}"))).isEqualTo("400 MIG_INVALID_REQUEST");
        assertThat(status(invoke("up.rpc_error", "{\"code\":-32601}"))).isEqualTo("404 MIG_NOT_FOUND");
        assertThat(status(invoke("up.rpc_error", "{\"code\":-32603}"))).isEqualTo("502 MIG_INTERNAL");
        assertThat(status(invoke("mod.rpc_error", "{\"code\":-32050}"))).isEqualTo("503 MIG_UNAVAILABLE");
        assertThat(invoke("up.rpc_error", "{\"code\":-32050}").json().path("error").path("details").path("mcp_error")
                .path("code").asInt()).isEqualTo(-32050);
    }

    @Test
    void upstreamProgressIsRelayedAsStreamFramesInBothEras() {
        for (String capability : List.of("up.test_tool_with_progress", "mod.test_tool_with_progress")) {
            List<JsonNode> frames = sse(capability, "{}");
            assertThat(frames).as(capability).hasSize(4);
            assertThat(frames.subList(0, 3)).extracting(f -> f.path("payload").path("progress").asInt()).containsExactly(0, 50, 100);
            assertThat(frames.get(1).path("payload").path("total").asInt()).isEqualTo(100);
            assertThat(frames.get(1).path("payload").path("message").asText()).isEqualTo("step 50");
            assertThat(frames.get(3).path("end_stream").asBoolean()).as(frames.toString()).isTrue();
            assertThat(frames.get(3).path("payload").has("content")).as(frames.toString()).isTrue();
            assertThat(frames.get(3).path("payload").path("content").get(0).path("text").asText()).isEqualTo("Progress tool completed");
        }
    }

    @Test
    void aTimedOutCallIsCancelledUpstream() {
        int cancelled = legacy.cancellations().size();
        MigdServer.Reply timedOut = invoke("up.slow", "{}", 400);
        assertThat(timedOut.errorCode()).isEqualTo("MIG_TIMEOUT");
        await(() -> legacy.cancellations().size() > cancelled, "the legacy upstream got notifications/cancelled");
        assertThat(legacy.cancellations().get(legacy.cancellations().size() - 1).path("requestId").isIntegralNumber()).isTrue();

        // the modern era has no cancel notification on HTTP: closing the request's stream is the signal
        int closed = modern.closedStreams();
        assertThat(invoke("mod.slow", "{}", 400).errorCode()).isEqualTo("MIG_TIMEOUT");
        await(() -> modern.closedStreams() > closed, "the modern upstream saw its stream closed");
        assertThat(modern.cancellations()).isEmpty();
    }

    @Test
    void aCancelOfTheCallReachesTheUpstreamWithItsReason() throws Exception {
        int cancelled = legacy.cancellations().size();
        int slowCalls = legacy.calls("slow");
        HttpRequest request = HttpRequest.newBuilder(migd.uri("/mig/v0.1/invoke/up.slow"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"header\":{\"tenant_id\":\"acme\",\"message_id\":\"m-mcp-cancel-1\"},"
                        + "\"payload\":{}}"))
                .build();
        var pending = migd.client().sendAsync(request, HttpResponse.BodyHandlers.ofString());
        await(() -> legacy.calls("slow") > slowCalls, "the upstream is running the call");
        MigdServer.Reply ack = migd.post("/mig/v0.1/cancel/m-mcp-cancel-1",
                "{\"header\":{\"tenant_id\":\"acme\"},\"reason\":\"user pressed stop\"}");
        assertThat(ack.json().path("status").asText()).isEqualTo("cancelled");
        JsonNode answer = MigJson.mapper().readTree(pending.get(10, java.util.concurrent.TimeUnit.SECONDS).body());
        assertThat(answer.path("error").path("code").asText()).isEqualTo("MIG_TIMEOUT");
        assertThat(answer.path("error").path("details").path("cancelled").asBoolean()).isTrue();
        await(() -> legacy.cancellations().size() > cancelled, "the upstream got notifications/cancelled");
        assertThat(legacy.cancellations().get(legacy.cancellations().size() - 1).path("reason").asText())
                .isEqualTo("user pressed stop");
    }

    @Test
    void anInvalid2020_12SchemaIsRefusedAtRegistration() {
        MigdServer.Reply refused = migd.post("/admin/v0.1/schemas", "{\"uri\":\"schema://t/bad2020\",\"schema\":"
                + "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"prefixItems\":{\"type\":\"string\"}}}");
        assertThat(status(refused)).isEqualTo("400 MIG_INVALID_REQUEST");
        assertThat(refused.json().path("error").path("details").path("violations").size()).isPositive();
        MigdServer.Reply accepted = migd.post("/admin/v0.1/schemas", "{\"uri\":\"schema://t/good2020\",\"schema\":"
                + "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"prefixItems\":[{\"type\":\"string\"}]}}");
        assertThat(accepted.status()).isEqualTo(201);
    }

    @Test
    void oneSessionServesManyCallsAndAnExpiredOneIsReopened() {
        assertThat(invoke("up.test_simple_text", "{}").status()).isEqualTo(200);
        int opened = legacy.handshakes();
        for (int i = 0; i < 5; i++) {
            assertThat(invoke("up.test_simple_text", "{}").status()).isEqualTo(200);
        }
        assertThat(legacy.handshakes()).isEqualTo(opened);
        legacy.expireSessions();
        MigdServer.Reply after = invoke("up.test_simple_text", "{}");
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.json().path("payload").path("content").get(0).path("text").asText())
                .isEqualTo("This is a simple text response for testing.");
        assertThat(legacy.handshakes()).isEqualTo(opened + 1);
        // the era was probed once: a re-opened legacy session goes straight to initialize
        assertThat(legacy.received()).filteredOn(m -> m.path("method").asText().equals("server/discover")).hasSize(1);
        assertThat(legacy.received()).filteredOn(m -> m.path("method").asText().equals("initialize"))
                .allSatisfy(m -> assertThat(m.path("params").has("_meta")).isFalse());
        // the modern era has no session: it was discovered once and every call carried its _meta
        assertThat(modern.handshakes()).isEqualTo(1);
        assertThat(modern.received()).filteredOn(m -> m.path("method").asText().equals("initialize")).isEmpty();
    }

    @Test
    void refreshReimportsAndDeleteRemovesCapabilitiesAndSchemas() {
        McpUpstream own = McpUpstream.start(McpUpstream.Era.LEGACY);
        try (own) {
            assertThat(importServer("own", own.url()).status()).isEqualTo(201);
            assertThat(importServer("own", own.url()).status()).isEqualTo(200);
            own.addTool("extra", MigJson.object().put("type", "object"), MigJson.object());
            MigdServer.Reply refreshed = migd.post("/admin/v0.1/mcp/servers/own/refresh", "");
            assertThat(refreshed.status()).isEqualTo(200);
            assertThat(refreshed.json().path("tools").findValuesAsText("capability")).contains("own.extra");
            assertThat(migd.get("/admin/v0.1/capabilities/own.extra").status()).isEqualTo(200);

            own.removeTool("extra");
            migd.post("/admin/v0.1/mcp/servers/own/refresh", "");
            assertThat(migd.get("/admin/v0.1/capabilities/own.extra").status()).isEqualTo(404);
            assertThat(migd.get("/admin/v0.1/schemas?uri=schema://mcp/own/extra/input").status()).isEqualTo(404);

            assertThat(migd.delete("/admin/v0.1/mcp/servers/own").status()).isEqualTo(200);
            assertThat(migd.get("/admin/v0.1/mcp/servers/own").status()).isEqualTo(404);
            assertThat(migd.get("/admin/v0.1/capabilities/own.echo").status()).isEqualTo(404);
            assertThat(migd.get("/admin/v0.1/schemas?uri=schema://mcp/own/echo/input").status()).isEqualTo(404);
            assertThat(migd.delete("/admin/v0.1/mcp/servers/own").status()).isEqualTo(404);
        }
    }

    @Test
    void theUpstreamsListChangedNotificationReimportsItInBothEras() {
        for (McpUpstream.Era era : McpUpstream.Era.values()) {
            String name = "watched-" + era.name().toLowerCase(java.util.Locale.ROOT);
            McpUpstream own = McpUpstream.start(era);
            try (own) {
                assertThat(importServer(name, own.url()).status()).isEqualTo(201);
                await(() -> own.listeners() == 1, era + ": migd opened a stream for change notifications");
                own.addTool("late", MigJson.object().put("type", "object"), MigJson.object());
                own.notifyToolsChanged();
                await(() -> migd.get("/admin/v0.1/capabilities/" + name + ".late").status() == 200,
                        era + ": the new tool was imported");
                // the background refresh registers the tools, then writes its audit record: await that too
                await(() -> migd.get("/pro/v0.1/audit/export?capability=admin.mcp_servers.refresh").json()
                        .path("records").findValuesAsText("actor").contains("mcp-server:" + name),
                        era + ": the re-import is audited as the server's own");
                migd.delete("/admin/v0.1/mcp/servers/" + name);
                await(() -> own.listeners() == 0, era + ": deleting the server closed the stream");
            }
        }
    }

    @Test
    void anImportNeverTakesOverACapabilityRegisteredOtherwise() {
        McpUpstream own = McpUpstream.start(McpUpstream.Era.MODERN);
        try (own) {
            assertThat(migd.post("/admin/v0.1/capabilities", "{\"descriptor\":{\"id\":\"mine.echo\",\"version\":\"2.0.0\","
                    + "\"input_schema_uri\":\"schema://t/in\",\"output_schema_uri\":\"schema://t/out\"}}").status()).isEqualTo(201);
            MigdServer.Reply imported = importServer("mine", own.url());
            assertThat(imported.status()).isEqualTo(201);
            assertThat(imported.json().path("skipped").findValuesAsText("name")).containsExactly("echo");
            assertThat(imported.json().path("tools").findValuesAsText("capability")).doesNotContain("mine.echo")
                    .contains("mine.test_simple_text");
            assertThat(migd.get("/admin/v0.1/capabilities/mine.echo").json().path("version").asText()).isEqualTo("2.0.0");
            migd.delete("/admin/v0.1/mcp/servers/mine");
            assertThat(migd.get("/admin/v0.1/capabilities/mine.echo").status()).isEqualTo(200);
            migd.delete("/admin/v0.1/capabilities/mine.echo");
        }
    }

    @Test
    void badImportsAreRefusedWithClearErrors() {
        assertThat(status(migd.post("/admin/v0.1/mcp/servers", "{\"name\":\"a.b\",\"url\":\"" + legacy.url() + "\"}")))
                .isEqualTo("400 MIG_INVALID_REQUEST");
        assertThat(status(migd.post("/admin/v0.1/mcp/servers", "{\"name\":\"x\",\"url\":\"ftp://h/mcp\"}")))
                .isEqualTo("400 MIG_INVALID_REQUEST");
        assertThat(status(migd.post("/admin/v0.1/mcp/servers", "{\"name\":\"x\",\"url\":\"" + legacy.url()
                + "\",\"headers\":{\"Mcp-Session-Id\":\"forged\"}}"))).isEqualTo("400 MIG_INVALID_REQUEST");
        assertThat(status(migd.post("/admin/v0.1/mcp/servers", "{\"name\":\"gone\",\"url\":\"http://127.0.0.1:1/mcp\"}")))
                .isEqualTo("503 MIG_UNAVAILABLE");
        assertThat(migd.get("/admin/v0.1/mcp/servers/gone").status()).isEqualTo(404);
    }

    @Test
    void theConfigurationFileDeclaresMcpServers(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("migd.yaml");
        Files.writeString(file, "mcp_servers:\n  - name: cfg\n    url: " + modern.url() + "\n    auth_scopes: [\"tools:use\"]\n");
        await(() -> modern.listeners() == 1, "the shared migd subscribed to the modern upstream's changes");
        try (MigdServer configured = MigdServer.start(Map.of("MIGD_CONFIG_FILE", file.toString(), "MIGD_LOG_LEVEL", "warn"))) {
            JsonNode capability = configured.get("/admin/v0.1/capabilities/cfg.echo").json();
            assertThat(capability.path("auth_scopes").toString()).isEqualTo("[\"tools:use\"]");
            assertThat(configured.get("/admin/v0.1/mcp/servers/cfg").json().path("tools").size()).isGreaterThan(3);
            await(() -> modern.listeners() == 2, "the configured migd subscribed too");
        }
        await(() -> modern.listeners() == 1, "stopping migd ended its subscription");
    }

    private static MigdServer.Reply importServer(String name, String url) {
        return migd.post("/admin/v0.1/mcp/servers", "{\"name\":\"" + name + "\",\"url\":\"" + url + "\"}");
    }

    private static MigdServer.Reply invoke(String capability, String payload) {
        return invoke(capability, payload, 10_000);
    }

    private static MigdServer.Reply invoke(String capability, String payload, int deadlineMs) {
        return migd.post("/mig/v0.1/invoke/" + capability, "{\"header\":{\"tenant_id\":\"acme\",\"deadline_ms\":" + deadlineMs
                + "},\"payload\":" + payload + "}");
    }

    private static String status(MigdServer.Reply reply) {
        return reply.status() + " " + reply.errorCode();
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode item : array) {
            if (item.path(field).asText().equals(value)) {
                return item;
            }
        }
        throw new AssertionError("no item with " + field + "=" + value + " in " + array);
    }

    /** The SSE frames of a streamed invoke (SPEC §3.6). */
    private static List<JsonNode> sse(String capability, String payload) {
        HttpRequest request = HttpRequest.newBuilder(migd.uri("/mig/v0.1/invoke/" + capability))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"header\":{\"tenant_id\":\"acme\"},\"payload\":" + payload + "}"))
                .build();
        try {
            HttpResponse<java.util.stream.Stream<String>> response = migd.client().send(request, HttpResponse.BodyHandlers.ofLines());
            List<JsonNode> frames = new ArrayList<>();
            for (String line : (Iterable<String>) response.body()::iterator) {
                if (line.startsWith("data:")) {
                    frames.add(MigJson.mapper().readTree(line.substring(5).trim()));
                }
            }
            return frames;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        Await.until(Duration.ofSeconds(10), condition, what);
    }
}
