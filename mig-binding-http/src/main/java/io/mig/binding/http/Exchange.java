package io.mig.binding.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.model.MessageHeader;

/** Decoding request bodies into MIG envelopes and writing JSON answers. */
final class Exchange {
    private final long maxBodyBytes;

    Exchange(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The body as a JSON object, within the size limit. */
    ObjectNode object(Context ctx) {
        ObjectNode body = MigJson.readObject(Bodies.read(ctx, maxBodyBytes));
        remember(new JavalinExchange(ctx), body);
        return body;
    }

    /**
     * The body as a MIG envelope of {@code type}. The W3C {@code traceparent} HTTP header, which
     * tracing HTTP clients send, stands in for a missing {@code header.traceparent}.
     */
    <T> T envelope(Context ctx, Class<T> type) {
        return envelope(new JavalinExchange(ctx), type);
    }

    /** The same for any route's exchange (a Javalin route's or the core handler's). */
    <T> T envelope(RouteExchange ctx, Class<T> type) {
        return MigJson.decodeEnvelope(ctx.body(maxBodyBytes), type, ctx.header("traceparent"), ctx::knownHeader);
    }

    private static void remember(RouteExchange ctx, ObjectNode body) {
        JsonNode header = body.get("header");
        if (header != null && header.isObject()) {
            try {
                // remembered so that an error answer can echo the request's message id
                ctx.knownHeader(MigJson.convert(header, MessageHeader.class));
            } catch (MigException ignored) {
                // the envelope check below reports the bad header
            }
        }
    }

    static void json(Context ctx, int status, Object body) {
        json(new JavalinExchange(ctx), status, body);
    }

    static void json(RouteExchange ctx, int status, Object body) {
        if (body instanceof io.mig.core.model.Envelope envelope && envelope.header() != null) {
            // the access log then shows the resolved message id, tenant and traceparent
            ctx.knownHeader(envelope.header());
        }
        ctx.send(status, "application/json", MigJson.encode(body));
    }

    static void json(Context ctx, Object body) {
        json(ctx, 200, body);
    }

    static void json(RouteExchange ctx, Object body) {
        json(ctx, 200, body);
    }

    /**
     * Writes a complete small answer straight to the response, with its length. (Javalin's result
     * stream would copy it through a fresh 32 KB buffer per request.)
     */
    static void send(Context ctx, int status, String contentType, byte[] body) {
        ctx.status(status);
        ctx.res().setContentType(contentType);
        ctx.res().setContentLength(body.length);
        try {
            ctx.res().getOutputStream().write(body);
        } catch (java.io.IOException e) {
            // the client went away; there is no one left to answer
        }
    }
}
