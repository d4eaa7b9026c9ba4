package io.mig.core.port.out;

import io.mig.core.error.ErrorCode;

/**
 * One span started by {@link Tracing}: the core names what it learns about the operation, asks for
 * a child around the provider call, and ends it once with the operation's outcome. Implementations
 * must be thread-safe (a span may end on another thread than the one that started it) and must
 * ignore every call after {@link #end}.
 */
public interface TraceSpan {
    /** The server spans' names: {@code mig.invoke} (unary and streamed), and one per other operation. */
    String OP_HELLO = "mig.hello";
    String OP_DISCOVER = "mig.discover";
    String OP_INVOKE = "mig.invoke";
    String OP_PUBLISH = "mig.publish";
    String OP_SUBSCRIBE = "mig.subscribe";
    String OP_CANCEL = "mig.cancel";
    String OP_HEARTBEAT = "mig.heartbeat";
    /** The client span around a provider call, a child of the {@code mig.invoke} span. */
    String OP_PROVIDER = "mig.provider";

    /** Attribute names the core sets (the adapter adds {@code rpc.system}, {@code rpc.method}, {@code mig.binding}). */
    String TENANT = "mig.tenant_id";
    String CAPABILITY = "mig.capability";
    String MESSAGE_ID = "mig.message_id";
    String STREAM_ID = "mig.stream_id";
    String MODE = "mig.mode";
    String TOPIC = "mig.topic";
    String PROVIDER_TYPE = "mig.provider.type";
    /** Set by {@link #end}: {@code success} or {@code failure}, and the MIG error code of a failure. */
    String OUTCOME = "mig.outcome";
    String ERROR_CODE = "mig.error.code";

    /** Records nothing, costs nothing; {@link #traceparent()} is null. */
    TraceSpan NONE = new TraceSpan() {
        @Override
        public String traceparent() {
            return null;
        }

        @Override
        public void attribute(String key, String value) {
        }

        @Override
        public void target(String target) {
        }

        @Override
        public TraceSpan child(String operation) {
            return this;
        }

        @Override
        public void end(ErrorCode code) {
        }

        @Override
        public String toString() {
            return "TraceSpan.NONE";
        }
    };

    /**
     * This span's own context as a W3C {@code traceparent} (its trace id and span id), to propagate
     * to whatever it calls; null when tracing is off.
     */
    String traceparent();

    /** Sets a string attribute; a null value is ignored. */
    void attribute(String key, String value);

    /**
     * Names what the operation is about, once it is known to exist (a registered capability): the
     * span is renamed {@code <operation> <target>}. Unknown names stay out of span names, which must
     * keep a bounded cardinality.
     */
    void target(String target);

    /** Starts a client span, a child of this one (the provider call). */
    TraceSpan child(String operation);

    /** Ends the span with the operation's outcome: {@code code} null means success. */
    void end(ErrorCode code);
}
