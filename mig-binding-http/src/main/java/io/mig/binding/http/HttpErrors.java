package io.mig.binding.http;

import io.javalin.http.Context;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.id.Ids;
import io.mig.core.json.MigJson;
import io.mig.core.model.ErrorEnvelope;
import io.mig.core.model.MessageHeader;
import java.time.Instant;

/** The one place where MIG errors become HTTP answers (SPEC §1.4). */
final class HttpErrors {
    static final String HEADER_ATTRIBUTE = "mig.header";
    /** The MIG error code answered, for {@code mig_gateway_errors_total} when the request completes. */
    static final String ERROR_ATTRIBUTE = "mig.error";
    /** RFC 6750: a 401 names the scheme it expects. */
    static final String CHALLENGE = "Bearer realm=\"migd\"";

    private HttpErrors() {
    }

    static int status(MigException error) {
        return error.httpStatus();
    }

    /** Writes the error envelope; the header echoes what is known of the request. */
    static void write(Context ctx, MigException error) {
        ctx.attribute(ERROR_ATTRIBUTE, error.code());
        ctx.status(status(error));
        if (error.code() == ErrorCode.MIG_UNAUTHORIZED) {
            ctx.header("WWW-Authenticate", CHALLENGE);
        }
        if (error.code() == ErrorCode.MIG_RATE_LIMITED && error.details().hasNonNull("retry_after_seconds")) {
            ctx.header("Retry-After", error.details().get("retry_after_seconds").asText());
        }
        Exchange.send(ctx, status(error), "application/json", MigJson.encode(envelope(ctx, error)));
    }

    static ErrorEnvelope envelope(Context ctx, MigException error) {
        return new ErrorEnvelope(responseHeader(ctx == null ? null : ctx.attribute(HEADER_ATTRIBUTE)), error.toError());
    }

    static ErrorEnvelope envelope(MessageHeader known, MigException error) {
        return new ErrorEnvelope(responseHeader(known), error.toError());
    }

    private static MessageHeader responseHeader(MessageHeader known) {
        MessageHeader h = known == null ? MessageHeader.empty() : known;
        return new MessageHeader("0.1",
                h.messageId() == null || h.messageId().isEmpty() ? Ids.messageId() : h.messageId(),
                Instant.now().toString(), h.tenantId(), h.sessionId(), h.traceparent(), h.idempotencyKey(), null, null);
    }
}
