package io.mig.binding.mcp.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.Emitter;
import io.mig.core.spi.InvocationContext;
import io.mig.core.spi.StreamItem;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * A capability served by one tool of an upstream MCP server: the payload becomes the
 * {@code tools/call} arguments and the result becomes the payload as {@link ToolResults} says. A
 * streamed call asks for progress ({@code _meta.progressToken}): each {@code notifications/progress}
 * is a non-terminal item {@code {"progress", "total"?, "message"?}}, the result the terminal one.
 * Cancellation, the deadline, or the caller leaving cancels the upstream request.
 */
final class McpProvider implements CapabilityProvider {
    private final McpSession session;
    private final String tool;

    McpProvider(McpSession session, String tool) {
        this.session = session;
        this.tool = tool;
    }

    @Override
    public CompletableFuture<ObjectNode> invoke(InvocationContext context) {
        McpSession.Call call = start(context, null);
        CompletableFuture<ObjectNode> answer = call.result().thenApply(result -> ToolResults.payload(tool, result));
        // the gateway cancels this future when it gives up on the call: cancel upstream too
        answer.whenComplete((payload, error) -> {
            if (error instanceof CancellationException) {
                call.cancel(context.cancellation().reason().orElse("cancelled"));
            }
        });
        return answer;
    }

    @Override
    public Flow.Publisher<StreamItem> stream(InvocationContext context) {
        Emitter<StreamItem> out = new Emitter<>();
        McpSession.Call call = start(context, progress -> out.emit(StreamItem.next(progress)));
        out.onCancel(() -> call.cancel("the caller stopped listening"));
        call.result().whenComplete((result, error) -> {
            if (error != null) {
                out.fail(MigException.from(error));
                return;
            }
            try {
                out.emit(StreamItem.last(ToolResults.payload(tool, result)));
                out.complete();
            } catch (MigException e) {
                out.fail(e);
            }
        });
        return out;
    }

    private McpSession.Call start(InvocationContext context, Consumer<ObjectNode> progress) {
        ObjectNode params = MigJson.object();
        params.set("arguments", context.payload());
        Duration budget = context.remaining().isZero() ? Duration.ofMillis(1) : context.remaining();
        McpSession.Call call = session.call("tools/call", params, tool, progress, budget, context.header().traceparent());
        context.cancellation().onCancel(() -> call.cancel(context.cancellation().reason().orElse("cancelled")));
        return call;
    }

    @Override
    public String toString() {
        return "McpProvider[" + session.endpoint() + ", tool=" + tool + "]";
    }
}
