package io.mig.binding.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.mig.core.json.MigJson;
import io.mig.core.model.MessageHeader;

/**
 * One structured line per request (SPEC §8.4): method, route template, status, duration, tenant,
 * message id, traceparent. Query strings are never logged, so no {@code access_token} leaks.
 */
final class AccessLog {
    private static final System.Logger LOG = System.getLogger("migd.access");

    private AccessLog() {
    }

    /** The route template that matched ({@code /mig/v0.1/invoke/{capability}}), never a raw id. */
    static String route(Context ctx) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        if (endpoint != null) {
            return endpoint.path;
        }
        return ctx.path().startsWith("/ui") ? "/ui/*" : "_unmatched";
    }

    static void log(Context ctx, float millis) {
        if (!LOG.isLoggable(System.Logger.Level.INFO)) {
            return;
        }
        MessageHeader header = ctx.attribute(HttpErrors.HEADER_ATTRIBUTE);
        var line = MigJson.object()
                .put("method", ctx.method().name())
                .put("route", route(ctx))
                .put("status", ctx.statusCode())
                .put("duration_ms", Math.round(millis * 100) / 100.0)
                .put("remote", Transport.remote(ctx));
        String tenant = header != null && header.tenantId() != null ? header.tenantId() : ctx.header(Transport.TENANT_HEADER);
        if (tenant != null) {
            line.put("tenant_id", tenant);
        }
        if (header != null && header.messageId() != null) {
            line.put("message_id", header.messageId());
        }
        String traceparent = header != null && header.traceparent() != null ? header.traceparent() : ctx.header("traceparent");
        if (traceparent != null) {
            line.put("traceparent", traceparent);
        }
        LOG.log(System.Logger.Level.INFO, line.toString());
    }
}
