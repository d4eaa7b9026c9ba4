package io.mig.binding.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.binding.http.HttpEventStream;
import io.mig.binding.http.HttpHost;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.id.Ids;
import io.mig.core.json.MigJson;
import io.mig.core.model.CancelRequest;
import io.mig.core.model.FrameKind;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.Names;
import io.mig.core.model.StreamFrame;
import io.mig.core.model.StreamPreference;
import io.mig.core.spi.BindingGateway;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code tools/call} as INVOKE (SPEC §12). Every MIG rule (schemas, scopes, quotas, idempotency,
 * deadlines, cancellation, audit with binding {@code mcp}, metrics, usage) is the core's; this class
 * only maps the call in and the outcome out, and chooses the answer's shape:
 * <ul>
 *   <li>with {@code _meta.progressToken} (or a capability that cannot answer unary) the invocation
 *       streams, and the answer is SSE: {@code notifications/progress} per non-terminal frame, then
 *       the result;</li>
 *   <li>otherwise, in the modern era, SSE with just the result, since there closing that stream is
 *       how a client cancels;</li>
 *   <li>otherwise one JSON response (legacy clients cancel with {@code notifications/cancelled}).</li>
 * </ul>
 */
final class ToolCalls {
    static final String META_IDEMPOTENCY_KEY = "io.mig/idempotency_key";
    static final String META_DEADLINE_MS = "io.mig/deadline_ms";

    private final BindingGateway gateway;
    private final HttpHost host;

    ToolCalls(HttpHost host) {
        this.gateway = host.gateway();
        this.host = host;
    }

    /**
     * The MIG message id of a legacy-era request: derived from the session and the JSON-RPC id, so a
     * {@code notifications/cancelled} arriving on any instance names the same invocation (request ids
     * are unique within a session).
     */
    static String messageId(String sessionId, JsonNode requestId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((sessionId + "\n" + requestId.toString()).getBytes(StandardCharsets.UTF_8));
            return "mcp-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    void call(McpRequest rpc) {
        JsonNode nameNode = rpc.params().get("name");
        if (nameNode == null || !nameNode.isTextual() || nameNode.asText().isEmpty()) {
            throw McpError.invalidParams("params.name (the tool name) is required");
        }
        String name = nameNode.asText();
        String capability = ToolCatalog.capabilityId(rpc.namespace(), name);
        if (!Names.isNamespaced(capability)) {
            throw unknownTool(name);
        }
        JsonNode arguments = rpc.params().get("arguments");
        if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
            // refused before the INVOKE, but an INVOKE outcome all the same: audited like one
            gateway.errors().invokeRefused(rpc.call(), capability, MigException.invalid("payload (arguments) must be an object"));
            throw McpError.invalidParams("params.arguments must be an object");
        }
        ObjectNode meta = rpc.meta();
        JsonNode progressToken = meta.get("progressToken");
        if (progressToken != null && !progressToken.isTextual() && !progressToken.isIntegralNumber()) {
            throw McpError.invalidParams("_meta.progressToken must be a string or an integer");
        }
        // the MIG message id is known before the call, so that it can be cancelled by it: derived from the
        // session in the legacy era (notifications/cancelled may reach another instance), the core's in the modern one
        String messageId = rpc.sessionId() != null ? messageId(rpc.sessionId(), rpc.id()) : Ids.messageId();
        ObjectNode payload = arguments == null || arguments.isNull() ? MigJson.object() : (ObjectNode) arguments;
        InvokeRequest request = new InvokeRequest(header(rpc, meta, messageId), capability, payload,
                progressToken != null ? StreamPreference.SERVER_STREAM : null);
        if (progressToken != null || gateway.prefersStream(request, false)) {
            streamed(rpc, request, progressToken);
        } else if (rpc.modern()) {
            unaryOverEvents(rpc, request);
        } else {
            unary(rpc, request);
        }
    }

    private static MessageHeader header(McpRequest rpc, ObjectNode meta, String messageId) {
        String traceparent = rpc.ctx().header("traceparent");
        if (traceparent == null && meta.path("traceparent").isTextual()) {
            traceparent = meta.get("traceparent").asText();
        }
        String idempotencyKey = rpc.ctx().header("Idempotency-Key");
        if ((idempotencyKey == null || idempotencyKey.isEmpty()) && meta.path(META_IDEMPOTENCY_KEY).isTextual()) {
            idempotencyKey = meta.get(META_IDEMPOTENCY_KEY).asText();
        }
        Long deadline = null;
        JsonNode deadlineNode = meta.get(META_DEADLINE_MS);
        if (deadlineNode != null) {
            if (!deadlineNode.isIntegralNumber() || deadlineNode.asLong() < 0) {
                throw McpError.invalidParams("_meta[\"" + META_DEADLINE_MS + "\"] must be a non-negative integer");
            }
            deadline = deadlineNode.asLong();
        }
        return new MessageHeader(null, messageId, null, null, null, traceparent, idempotencyKey, deadline, null);
    }

    private void unary(McpRequest rpc, InvokeRequest request) {
        rpc.ctx().future(() -> gateway.invoke(rpc.call(), request).handle((response, error) -> {
            answer(rpc, response == null ? null : response.payload(), error);
            return null;
        }));
    }

    /** Modern era: the result travels on an SSE stream whose closing by the client is a CANCEL. */
    private void unaryOverEvents(McpRequest rpc, InvokeRequest request) {
        rpc.ctx().future(() -> {
            HttpEventStream events = host.openEvents(rpc.ctx());
            AtomicBoolean answered = new AtomicBoolean();
            events.onClose(() -> {
                if (answered.compareAndSet(false, true)) {
                    cancel(rpc, request.header().messageId(), "the client closed the request's stream");
                }
            });
            gateway.invoke(rpc.call(), request).whenComplete((response, error) -> {
                if (answered.compareAndSet(false, true)) {
                    events.send("message", MigJson.encodeToString(message(rpc, response == null ? null : response.payload(), error)));
                }
                events.close();
            });
            return events.finished();
        });
    }

    private void streamed(McpRequest rpc, InvokeRequest request, JsonNode progressToken) {
        rpc.ctx().future(() -> gateway.stream(rpc.call(), request, null).handle((frames, error) -> {
            if (error != null) {
                answer(rpc, null, error);
                return CompletableFuture.<Void>completedFuture(null);
            }
            HttpEventStream events = host.openEvents(rpc.ctx());
            frames.subscribe(new ProgressRelay(rpc, events, progressToken));
            return events.finished();
        }).thenCompose(done -> done));
    }

    private void cancel(McpRequest rpc, String messageId, String reason) {
        try {
            gateway.cancel(rpc.call(), new CancelRequest(null, messageId, reason));
        } catch (MigException ignored) {
            // the caller's credentials stopped working meanwhile: nothing of theirs to cancel
        }
    }

    private void answer(McpRequest rpc, ObjectNode payload, Throwable error) {
        ObjectNode message = message(rpc, payload, error);
        rpc.reply(200, message);
    }

    /**
     * The JSON-RPC response for an outcome: a tool result, or -32602 when there is no such tool. A
     * failure is an INVOKE error answered, recorded as every binding records its errors.
     */
    private ObjectNode message(McpRequest rpc, ObjectNode payload, Throwable error) {
        if (error == null) {
            return JsonRpc.result(rpc.id(), rpc.complete(ToolResults.success(payload)));
        }
        MigException failure = gateway.errors().answered("invoke", error);
        if (failure.code() == ErrorCode.MIG_UNSUPPORTED_CAPABILITY) {
            String name = rpc.params().path("name").asText();
            return JsonRpc.error(rpc.id(), JsonRpc.INVALID_PARAMS, "Unknown tool: " + name, null);
        }
        return JsonRpc.result(rpc.id(), rpc.complete(ToolResults.failure(failure.toError())));
    }

    private static McpError unknownTool(String name) {
        return McpError.invalidParams("Unknown tool: " + (name.length() > 100 ? name.substring(0, 97) + "..." : name));
    }

    /** Stream frames → {@code notifications/progress}, then the result; the client closing the stream cancels. */
    private final class ProgressRelay implements Flow.Subscriber<StreamFrame> {
        private final McpRequest rpc;
        private final HttpEventStream events;
        private final JsonNode progressToken;
        private final AtomicBoolean finished = new AtomicBoolean();
        private Flow.Subscription subscription;
        private double progress;

        ProgressRelay(McpRequest rpc, HttpEventStream events, JsonNode progressToken) {
            this.rpc = rpc;
            this.events = events;
            this.progressToken = progressToken;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            events.onClose(() -> {
                if (finished.compareAndSet(false, true)) {
                    s.cancel(); // the core aborts the provider
                }
            });
            s.request(1);
        }

        @Override
        public void onNext(StreamFrame frame) {
            if (frame.kind() == FrameKind.ERROR) {
                finish(message(rpc, null, MigException.of(frame.error())));
                return;
            }
            if (Boolean.TRUE.equals(frame.endStream())) {
                finish(message(rpc, frame.payload(), null));
                return;
            }
            if (progressToken == null || events.send("message", MigJson.encodeToString(progress(frame.payload())))) {
                subscription.request(1);
            }
        }

        /**
         * One progress notification: a frame that already is MCP progress ({@code progress}, optional
         * {@code total} and {@code message}, as an upstream MCP tool reports it) is relayed as it came,
         * kept increasing; any other frame counts one step, its payload as the message.
         */
        private ObjectNode progress(ObjectNode payload) {
            ObjectNode params = MigJson.object();
            params.set("progressToken", progressToken);
            JsonNode reported = payload == null ? null : payload.get("progress");
            if (reported != null && reported.isNumber() && reported.asDouble() > progress) {
                progress = reported.asDouble();
                params.set("progress", reported);
                if (payload.path("total").isNumber()) {
                    params.set("total", payload.get("total"));
                }
                if (payload.path("message").isTextual()) {
                    params.set("message", payload.get("message"));
                }
            } else {
                progress = Math.floor(progress) + 1;
                params.put("progress", (long) progress);
                if (payload != null && !payload.isEmpty()) {
                    params.put("message", MigJson.encodeToString(payload));
                }
            }
            return JsonRpc.notification("notifications/progress", params);
        }

        private void finish(ObjectNode message) {
            if (finished.compareAndSet(false, true)) {
                events.send("message", MigJson.encodeToString(message));
            }
            events.close();
        }

        @Override
        public void onError(Throwable throwable) {
            finish(message(rpc, null, throwable));
        }

        @Override
        public void onComplete() {
            finish(message(rpc, MigJson.object(), null));
        }
    }
}
