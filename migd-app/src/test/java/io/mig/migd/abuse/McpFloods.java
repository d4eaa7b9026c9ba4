package io.mig.migd.abuse;

import static io.mig.migd.abuse.AbuseTarget.MIB;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The MCP server at {@code /mcp}: sessions are signed ids, not table rows (docs/MCP.md), and
 * JSON-RPC batches are refused; floods of both must leave nothing behind.
 */
final class McpFloods {
    static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"abuse\",\"version\":\"1\"}}}";

    private McpFloods() {
    }

    /**
     * {@code initialize} again and again, a new session each time. A session table would grow with
     * every call; the first session must still work afterwards.
     */
    static Attack initializeFlood() {
        AtomicReference<String> first = new AtomicReference<>();
        return Scripted.attack("mcp-sessions", "MCP: initialize floods (a session each); the first session still works",
                1_500, 20_000, 8 * MIB, (target, attempts) -> Workers.run(8, attempts, i -> {
                    HttpResponse<String> answer = target.post("acme", "/mcp", INITIALIZE, "Accept", "application/json, text/event-stream");
                    return answer.statusCode() == 200 && answer.headers().firstValue("Mcp-Session-Id").isPresent() ? null
                            : "initialize: " + answer.statusCode() + " " + StoreFloods.head(answer.body());
                })).keepingAtMost(256).preparing(target -> first.set(session(target)))
                .verifying(target -> {
                    HttpResponse<String> list = target.post("acme", "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                            "Accept", "application/json, text/event-stream", "Mcp-Session-Id", first.get());
                    return list.statusCode() == 200 && list.body().contains("\"result\"") ? List.of()
                            : List.of("tools/list on the first session: " + list.statusCode() + " " + StoreFloods.head(list.body()));
                });
    }

    private static String session(AbuseTarget target) throws Exception {
        HttpResponse<String> answer = target.post("acme", "/mcp", INITIALIZE, "Accept", "application/json, text/event-stream");
        return answer.headers().firstValue("Mcp-Session-Id")
                .orElseThrow(() -> new AssertionError("initialize gave no session: " + answer.statusCode() + " " + answer.body()));
    }

    /** JSON-RPC batches of 10,000 calls (about 500 KB each), refused as a whole with -32600. */
    static Attack bigBatches() {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 10_000; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"id\":").append(i).append(",\"method\":\"tools/list\"}");
        }
        String body = batch.append(']').toString();
        return Scripted.attack("mcp-batches", "MCP: JSON-RPC batches of 10,000 calls; refused with -32600",
                20, 300, 8 * MIB, (target, attempts) -> Workers.run(4, attempts, i -> {
                    HttpResponse<String> answer = target.post("acme", "/mcp", body, "Accept", "application/json, text/event-stream");
                    return answer.statusCode() == 400 && answer.body().contains("-32600") ? null
                            : "batch: " + answer.statusCode() + " " + StoreFloods.head(answer.body());
                })).keepingAtMost(4096);
    }
}
