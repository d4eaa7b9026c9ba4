package io.mig.core.gateway;

import io.mig.core.error.MigException;
import io.mig.core.model.Envelope;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.out.TraceSpan;
import io.mig.core.port.out.Tracing;

/**
 * The server spans of HELLO, DISCOVER, PUBLISH, SUBSCRIBE, CANCEL and HEARTBEAT (INVOKE's span
 * lives in its {@link Attempt}). The services hand their steps over as a {@link Steps} they keep in
 * a field, so that with tracing off an operation allocates nothing more than before.
 */
final class OperationSpans {
    private final Tracing tracing;

    /** One operation's work, given its span (to resolve the header with). */
    @FunctionalInterface
    interface Steps<R extends Envelope, T extends Envelope> {
        T run(CallContext call, R request, TraceSpan span);
    }

    OperationSpans(Tracing tracing) {
        this.tracing = tracing;
    }

    /** Runs the steps inside the operation's server span, ended with their outcome. */
    <R extends Envelope, T extends Envelope> T traced(String operation, CallContext call, R request, Steps<R, T> steps) {
        TraceSpan span = start(operation, call, request.header());
        try {
            return succeeded(span, steps.run(call, request, span));
        } catch (RuntimeException e) {
            throw failed(span, call, e);
        }
    }

    /** Starts the span, parented on the body's {@code traceparent} (the header may be null). */
    TraceSpan start(String operation, CallContext call, MessageHeader header) {
        return tracing.start(operation, call.binding(), header == null ? null : header.traceparent());
    }

    /** Ends the span as a success, named after the resolved header's tenant and message id. */
    private static <T extends Envelope> T succeeded(TraceSpan span, T response) {
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
