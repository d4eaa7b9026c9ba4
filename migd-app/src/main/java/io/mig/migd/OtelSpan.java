package io.mig.migd;

import io.mig.core.error.ErrorCode;
import io.mig.core.port.out.TraceSpan;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** One OpenTelemetry span behind the core's {@link TraceSpan}; calls after {@link #end} are ignored. */
final class OtelSpan implements TraceSpan {
    private static final AttributeKey<String> OUTCOME_KEY = AttributeKey.stringKey(OUTCOME);
    private static final AttributeKey<String> ERROR_CODE_KEY = AttributeKey.stringKey(ERROR_CODE);
    private static final Map<String, String> METHODS = new ConcurrentHashMap<>();

    private final Tracer tracer;
    private final Span span;
    private final String operation;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile String traceparent;

    OtelSpan(Tracer tracer, Span span, String operation) {
        this.tracer = tracer;
        this.span = span;
        this.operation = operation;
    }

    /** {@code mig.invoke} → {@code INVOKE}: the MIG operation as {@code rpc.method} (a handful of names, kept). */
    static String method(String operation) {
        return METHODS.computeIfAbsent(operation, op -> op.substring(op.indexOf('.') + 1).toUpperCase(Locale.ROOT));
    }

    @Override
    public String traceparent() {
        String value = traceparent;
        if (value == null) {
            SpanContext context = span.getSpanContext();
            value = "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
            traceparent = value;
        }
        return value;
    }

    @Override
    public void attribute(String key, String value) {
        if (value != null && !ended.get()) {
            span.setAttribute(key, value);
        }
    }

    @Override
    public void target(String target) {
        if (target != null && !ended.get()) {
            span.updateName(operation + " " + target);
        }
    }

    @Override
    public TraceSpan child(String childOperation) {
        Span child = tracer.spanBuilder(childOperation)
                .setParent(Context.root().with(span))
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(OtelTracing.RPC_SYSTEM, "mig")
                .startSpan();
        return new OtelSpan(tracer, child, childOperation);
    }

    @Override
    public void end(ErrorCode code) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        if (code == null) {
            span.setAttribute(OUTCOME_KEY, "success");
        } else {
            span.setAttribute(OUTCOME_KEY, "failure");
            span.setAttribute(ERROR_CODE_KEY, code.name());
            span.setStatus(StatusCode.ERROR, code.name());
        }
        span.end();
    }
}
