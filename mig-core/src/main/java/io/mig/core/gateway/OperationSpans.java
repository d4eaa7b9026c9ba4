package io.mig.core.gateway;

import io.mig.core.error.MigException;
import io.mig.core.model.Envelope;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.out.TraceSpan;
import io.mig.core.port.out.Tracing;

/**
 * The server spans of HELLO, DISCOVER, PUBLISH, SUBSCRIBE, CANCEL and HEARTBEAT (INVOKE's span
 * lives in its {@link Attempt}). Written as start / succeeded / failed rather than around a lambda,
 * so that with tracing off an operation allocates nothing more than before.
 */
final class OperationSpans {
    private final Tracing tracing;

    OperationSpans(Tracing tracing) {
        this.tracing = tracing;
    }

    /** Starts the span, parented on the body's {@code traceparent} (the header may be null). */
    TraceSpan start(String operation, CallContext call, MessageHeader header) {
        return tracing.start(operation, call.binding(), header == null ? null : header.traceparent());
    }

    /** Ends the span as a success, named after the resolved header's tenant and message id. */
    static <T extends Envelope> T succeeded(TraceSpan span, T response) {
        ended(span, response.header());
        return response;
    }

    static void ended(TraceSpan span, MessageHeader resolved) {
        span.attribute(TraceSpan.TENANT, resolved.tenantId());
        span.attribute(TraceSpan.MESSAGE_ID, resolved.messageId());
        span.end(null);
    }

    /** Ends the span with the failure's MIG code; returns the failure for the caller to throw. */
    static RuntimeException failed(TraceSpan span, CallContext call, RuntimeException failure) {
        span.attribute(TraceSpan.TENANT, call.credentials().tenantHint());
        span.end(MigException.from(failure).code());
        return failure;
    }
}
