package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.json.MigJson;
import io.mig.migd.provider.HoldingUpstream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cancelling an MCP tool call reaches the provider: {@code notifications/cancelled} (legacy era) and
 * the client closing the request's stream (2026-07-28 era, and a progress stream) abort an HTTP
 * provider's upstream exchange, which the holding upstream observes.
 */
class McpCancellationTest {
    @RegisterExtension
    static final MigdExtension migd = MigdExtension.inProcess().quiet().build();

    private static void bind(String id, String url) {
        MigdServer.Reply reply = migd.post("/admin/v0.1/capabilities", "{\"descriptor\":{\"id\":\"" + id
                + "\",\"version\":\"1.0.0\",\"modes\":[\"unary\",\"server_stream\"],\"input_schema_uri\":\"schema://none\","
                + "\"output_schema_uri\":\"schema://none\"},\"provider\":{\"type\":\"http\",\"url\":\"" + url + "\"}}");
        assertThat(reply.status()).as(reply.body()).isIn(200, 201);
    }

    @Test
    void cancelledNotificationAbortsTheProvider() throws Exception {
        try (HoldingUpstream upstream = new HoldingUpstream()) {
            bind("acme.hold.legacy", upstream.url());
            String session = McpWire.initialize(migd, "/mcp/acme", "X-Tenant-ID", "acme");
            HttpRequest request = HttpRequest.newBuilder(migd.uri("/mcp/acme")).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json").header("X-Tenant-ID", "acme").header("Mcp-Session-Id", session)
                    .POST(HttpRequest.BodyPublishers.ofString(McpWire.legacy(42, "tools/call", "\"name\":\"hold.legacy\",\"arguments\":{}")))
                    .build();
            CompletableFuture<HttpResponse<String>> call = migd.client().sendAsync(request, HttpResponse.BodyHandlers.ofString());
            assertThat(upstream.awaitRequests(1, 5_000)).isTrue();

            MigdServer.Reply cancelled = migd.post("/mcp/acme", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                    + "\"params\":{\"requestId\":42,\"reason\":\"user pressed stop\"}}", "X-Tenant-ID", "acme", "Mcp-Session-Id", session);
            assertThat(cancelled.status()).isEqualTo(202);

            assertThat(upstream.awaitClosed(1, 5_000)).as("the provider saw its connection closed").isTrue();
            JsonNode result = MigJson.mapper().readTree(call.get(5, TimeUnit.SECONDS).body()).path("result");
            assertThat(result.path("isError").asBoolean()).isTrue();
            JsonNode error = result.path("_meta").path("io.mig/error");
            assertThat(error.path("code").asText()).isEqualTo("MIG_TIMEOUT");
            assertThat(error.path("details").path("cancelled").asBoolean()).isTrue();
        }
    }

    @Test
    void closingTheModernStreamAbortsTheProvider() throws Exception {
        try (HoldingUpstream upstream = new HoldingUpstream()) {
            bind("acme.hold.modern", upstream.url());
            try (Socket socket = McpWire.openPost(migd.port(), "/mcp/acme",
                    McpWire.modern(1, "tools/call", "\"name\":\"hold.modern\",\"arguments\":{}"),
                    McpWire.modernHeaders("tools/call", "hold.modern"))) {
                McpWire.readUntil(socket, "text/event-stream");
                assertThat(upstream.awaitRequests(1, 5_000)).isTrue();
            }
            assertThat(upstream.awaitClosed(1, 5_000)).as("closing the stream cancelled the call").isTrue();
        }
    }

    @Test
    void closingAProgressStreamAbortsTheProvider() throws Exception {
        try (HoldingUpstream upstream = new HoldingUpstream()) {
            bind("acme.hold.progress", upstream.url());
            String session = McpWire.initialize(migd, "/mcp", "X-Tenant-ID", "acme");
            try (Socket socket = McpWire.openPost(migd.port(), "/mcp", McpWire.legacy(3, "tools/call",
                    "\"name\":\"acme.hold.progress\",\"arguments\":{},\"_meta\":{\"progressToken\":7}"),
                    "X-Tenant-ID", "acme", "Mcp-Session-Id", session, "Accept", "application/json, text/event-stream")) {
                McpWire.readUntil(socket, "text/event-stream");
                assertThat(upstream.awaitRequests(1, 5_000)).isTrue();
            }
            assertThat(upstream.awaitClosed(1, 5_000)).as("closing the progress stream cancelled the call").isTrue();
        }
    }
}
