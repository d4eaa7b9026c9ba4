package io.mig.core.port.out;

import io.mig.core.model.Binding;

/**
 * Where the gateway's spans go: one server span per MIG operation on every binding, with a client
 * span around each provider call (SPEC §8.4). The core starts and ends the spans; an adapter (the
 * OpenTelemetry SDK in {@code migd-app}, or your own) records and exports them.
 *
 * <p>{@link #NONE}, the default, records nothing: every call returns the constant
 * {@link TraceSpan#NONE}, so a gateway without tracing pays one virtual call per operation and
 * allocates nothing for it.
 *
 * <pre>{@code
 * MigGateway gateway = MigGateway.builder().tracing(myTracing).build();
 * }</pre>
 */
@FunctionalInterface
public interface Tracing {
    /** Records nothing; the provider sees the caller's {@code traceparent} unchanged. */
    Tracing NONE = (operation, binding, parentTraceparent) -> TraceSpan.NONE;

    /**
     * Starts the server span of one operation that arrived on a binding.
     *
     * @param operation one of the {@code TraceSpan.OP_*} names, e.g. {@code mig.invoke}
     * @param binding the binding the call arrived on
     * @param parentTraceparent the caller's W3C {@code traceparent} as received, possibly null or
     *        invalid: an invalid value is ignored and the span starts a new trace (SPEC §1.1)
     */
    TraceSpan start(String operation, Binding binding, String parentTraceparent);
}
