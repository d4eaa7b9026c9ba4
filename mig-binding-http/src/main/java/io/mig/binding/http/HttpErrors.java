package io.mig.binding.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.ErrorReason;
import io.mig.core.error.MigException;
import io.mig.core.gateway.ErrorRecorder;
import io.mig.core.json.MigJson;
import io.mig.core.model.ErrorEnvelope;
import io.mig.core.model.MessageHeader;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The one place where MIG errors become HTTP answers (SPEC §1.4): the status of every code and
 * {@link ErrorReason}, the headers that go with it ({@code WWW-Authenticate}, {@code Retry-After},
 * {@code Allow}) and the envelope, for the routes, the WebSocket upgrade, SSE error events and the
 * pages Jetty and Javalin refuse themselves. Every answer it writes is counted once through the
 * core's {@link ErrorRecorder}: route answers when the request completes (the route is known then),
 * upgrade refusals and SSE error events at once.
 */
final class HttpErrors {
    static final String HEADER_ATTRIBUTE = "mig.header";
    /** The MIG error answered, for {@code mig_gateway_errors_total} when the request completes. */
    static final String ERROR_ATTRIBUTE = "mig.error";
    /** RFC 6750: a 401 names the scheme it expects. */
    static final String CHALLENGE = "Bearer realm=\"migd\"";

    private HttpErrors() {
    }

    /** The HTTP status of a MIG error: the code's, refined by the reason within the code's family. */
    static int status(MigException error) {
        ErrorReason reason = error.reason();
        return switch (error.code()) {
            case MIG_INVALID_REQUEST -> reason == ErrorReason.TOO_LARGE ? 413
                    : reason == ErrorReason.IDEMPOTENCY_KEY_REUSED ? 422 : 400;
            case MIG_UNAUTHORIZED -> 401;
            case MIG_FORBIDDEN -> 403;
            case MIG_NOT_FOUND, MIG_UNSUPPORTED_CAPABILITY -> 404;
            case MIG_VERSION_MISMATCH -> 400;
            case MIG_TIMEOUT -> 504;
            case MIG_RATE_LIMITED -> 429;
            case MIG_BACKPRESSURE, MIG_UNAVAILABLE -> 503;
            case MIG_INTERNAL -> reason == ErrorReason.PROVIDER_FAILED ? 502 : 500;
        };
    }

    /** Writes the error envelope with its status; the header echoes what is known of the request. */
    static void write(Context ctx, MigException error) {
        write(new JavalinExchange(ctx), error);
    }

    static void write(RouteExchange ctx, MigException error) {
        write(ctx, status(error), error);
    }

    /** A request with a method its route does not serve: 405 with {@code Allow} (SPEC §11). */
    static void methodNotAllowed(Context ctx, String allow) {
        ctx.header("Allow", allow);
        write(new JavalinExchange(ctx), 405, MigException.invalid("method " + ctx.method().name() + " is not allowed on " + ctx.path())
                .withDetail("allow", allow));
    }

    /** A request Javalin refused itself: its status is kept, its body becomes the MIG envelope. */
    static void write(Context ctx, HttpResponseException refused) {
        int status = refused.getStatus();
        if (status == 413) {
            write(ctx, MigException.invalid("request body is too large").withReason(ErrorReason.TOO_LARGE));
        } else if (status == 404) {
            write(ctx, MigException.notFound(refused.getMessage()));
        } else if (status >= 500) {
            write(ctx, MigException.internal(refused.getMessage()));
        } else {
            write(new JavalinExchange(ctx), status, MigException.invalid(refused.getMessage()));
        }
    }

    /**
     * Refuses a WebSocket upgrade with the envelope. No request-log line follows a refused upgrade,
     * so the error is counted here, as an error of {@code stream}.
     */
    static void refuseUpgrade(Context ctx, MigException error, ErrorRecorder errors) throws java.io.IOException {
        errors.answered("stream", error);
        byte[] body = MigJson.encode(envelope(ctx, error));
        HttpServletResponse res = ctx.res();
        res.setStatus(status(error));
        headers(res::setHeader, error);
        res.setContentType("application/json");
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
        res.flushBuffer();
    }

    /** The {@code mig-error} event that ends an SSE stream: the envelope, counted as an error of {@code operation}. */
    static String event(MessageHeader known, MigException error, String operation, ErrorRecorder errors) {
        errors.answered(operation, error);
        return MigJson.encodeToString(envelope(known, error));
    }

    /**
     * What a page Jetty refused before any route ran says (bad percent-encoding, oversized
     * headers, a malformed request line), for the status Jetty chose.
     */
    static byte[] serverPage(int status, String reason) {
        MigException error = status == 404 ? MigException.notFound("no such route")
                : status >= 500 ? MigException.internal("the server could not handle the request")
                : MigException.invalid("the request was refused by the HTTP server: "
                        + (reason == null ? "malformed request" : reason));
        return MigJson.encode(envelope((MessageHeader) null, error));
    }

    static ErrorEnvelope envelope(Context ctx, MigException error) {
        return ErrorEnvelope.answering(ctx == null ? null : ctx.attribute(HEADER_ATTRIBUTE), error.toError());
    }

    static ErrorEnvelope envelope(MessageHeader known, MigException error) {
        return ErrorEnvelope.answering(known, error.toError());
    }

    private static void write(RouteExchange ctx, int status, MigException error) {
        ctx.answered(error);
        headers(ctx::responseHeader, error);
        ctx.send(status, "application/json", MigJson.encode(envelope(ctx.knownHeader(), error)));
    }

    private static void headers(java.util.function.BiConsumer<String, String> response, MigException error) {
        if (error.code() == ErrorCode.MIG_UNAUTHORIZED) {
            response.accept("WWW-Authenticate", CHALLENGE);
        }
        if (error.code() == ErrorCode.MIG_RATE_LIMITED && error.details().hasNonNull("retry_after_seconds")) {
            response.accept("Retry-After", error.details().get("retry_after_seconds").asText());
        }
    }
}
