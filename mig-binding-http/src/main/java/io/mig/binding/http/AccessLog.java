package io.mig.binding.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.mig.core.model.MessageHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One structured line per request (SPEC §8.4) on the logger {@code migd.access}: the message
 * {@code POST /mig/v0.1/invoke/{capability} 200} and the fields {@code method}, {@code route}
 * (template), {@code status}, {@code duration_ms}, {@code remote}, and when known {@code tenant_id},
 * {@code message_id}, {@code traceparent} as SLF4J key-value pairs — a JSON log line carries them as
 * fields of its own. Query strings are never logged, so no {@code access_token} leaks.
 */
final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger("migd.access");

    private AccessLog() {
    }

    /** The route template that matched ({@code /mig/v0.1/invoke/{capability}}), never a raw id. */
    static String route(Context ctx) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        if (endpoint != null) {
            return endpoint.path.startsWith(ConsoleFiles.PATH) ? ConsoleFiles.ROUTE : endpoint.path;
        }
        return "_unmatched";
    }

    /** The line of a request answered by {@code ctx} on {@code route}. */
    static void log(RouteExchange ctx, String method, String route, int status, float millis) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        MessageHeader header = ctx.knownHeader();
        LoggingEventBuilder line = LOG.atInfo()
                .setMessage(method + ' ' + route + ' ' + status)
                .addKeyValue("method", method)
                .addKeyValue("route", route)
                .addKeyValue("status", status)
                .addKeyValue("duration_ms", Math.round(millis * 100) / 100.0)
                .addKeyValue("remote", ctx.remote());
        String tenant = header != null && header.tenantId() != null ? header.tenantId() : ctx.header(Transport.TENANT_HEADER);
        if (tenant != null) {
            line.addKeyValue("tenant_id", tenant);
        }
        if (header != null && header.messageId() != null) {
            line.addKeyValue("message_id", header.messageId());
        }
        String traceparent = header != null && header.traceparent() != null ? header.traceparent() : ctx.header("traceparent");
        if (traceparent != null) {
            line.addKeyValue("traceparent", traceparent);
        }
        line.log();
    }
}
