package io.mig.binding.mcp.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.ErrorReason;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.spi.McpToolCatalog;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads an upstream's whole {@code tools/list}, page after page, through the session that its
 * providers use, and listens for its {@code notifications/tools/list_changed}. Found by
 * {@link java.util.ServiceLoader} for federation.
 */
public final class McpToolLister implements McpToolCatalog {
    /** A server that pages forever, or sends an enormous list, is refused. */
    static final int MAX_PAGES = 100;
    static final int MAX_TOOLS = 5_000;

    @Override
    public List<ObjectNode> listTools(URI url, Map<String, String> headers, Duration timeout) {
        McpSession session = McpClients.shared().session(McpEndpoint.of(url, headers));
        List<ObjectNode> tools = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            ObjectNode params = MigJson.object();
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            ObjectNode result = await(session.call("tools/list", params, null, null, timeout), timeout);
            for (JsonNode tool : result.path("tools")) {
                if (tool instanceof ObjectNode object && tool.path("name").isTextual()) {
                    tools.add(object);
                }
            }
            if (tools.size() > MAX_TOOLS) {
                throw MigException.internal("the MCP server lists more than " + MAX_TOOLS + " tools").withReason(ErrorReason.PROVIDER_FAILED);
            }
            JsonNode next = result.get("nextCursor");
            if (next == null || next.isNull() || next.asText().isEmpty()) {
                return tools;
            }
            cursor = next.asText();
            if (!cursors.add(cursor)) {
                throw MigException.internal("the MCP server's tools/list pages loop (cursor '" + cursor + "' again)")
                        .withReason(ErrorReason.PROVIDER_FAILED);
            }
        }
        throw MigException.internal("the MCP server's tools/list has more than " + MAX_PAGES + " pages").withReason(ErrorReason.PROVIDER_FAILED);
    }

    @Override
    public AutoCloseable watchTools(URI url, Map<String, String> headers, Runnable onToolsChanged) {
        return new ToolListWatch(McpClients.shared().session(McpEndpoint.of(url, headers)), onToolsChanged).start();
    }

    /** The call's result; a server that keeps its answer stream open past the timeout is given up on. */
    private static ObjectNode await(McpSession.Call call, Duration timeout) {
        try {
            return call.result().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel("timeout");
            throw MigException.unavailable("the MCP server did not list its tools within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel("interrupted");
            throw MigException.unavailable("interrupted while listing the MCP server's tools");
        } catch (ExecutionException | CancellationException e) {
            throw MigException.from(e.getCause() == null ? e : e.getCause());
        }
    }
}
