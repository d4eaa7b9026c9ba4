package io.mig.core.gateway;

import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.internal.Timestamps;
import io.mig.core.model.Binding;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.out.InvocationListener;
import io.mig.core.port.out.InvocationOutcome;
import io.mig.core.port.out.TraceSpan;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What is known about one invocation as it passes the pipeline, so that its outcome — success or
 * any failure, at any step — is reported exactly once to every listener (audit, metrics, usage)
 * and ends its trace span (and the provider's child span, if one is still open) with that outcome.
 */
final class Attempt {
    private final List<InvocationListener> listeners;
    private final Clock clock;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final Binding binding;
    private String tenant;
    private String actor;
    private String capability;
    private boolean known;
    private String messageId;
    private String traceparent;
    private final TraceSpan span;
    private volatile TraceSpan providerSpan = TraceSpan.NONE;
    private volatile boolean spansEnded;
    private volatile ErrorCode endCode;

    Attempt(CallContext call, String capability, List<InvocationListener> listeners, Clock clock, TraceSpan span) {
        this.span = span;
        this.binding = call.binding();
        this.capability = capability;
        this.listeners = listeners;
        this.clock = clock;
        this.tenant = call.credentials().tenantHint();
        // the actor stays anonymous until authenticated: an X-Actor hint must not name who failed to log in
    }

    /** The id the core minted for the invocation: known (and safe to record) before the header is checked. */
    void mintedMessageId(String id) {
        this.messageId = id;
    }

    void scope(RequestScope scope) {
        this.tenant = scope.tenant();
        this.actor = scope.principal().actor();
        this.messageId = scope.header().messageId();
        this.traceparent = scope.header().traceparent();
    }

    void known() {
        this.known = true;
        span.target(capability);
    }

    TraceSpan span() {
        return span;
    }

    /** The provider call's span, ended here with the outcome unless the provider's answer ended it first. */
    void providerSpan(TraceSpan value) {
        this.providerSpan = value;
        if (spansEnded) {
            value.end(endCode); // a CANCEL or the deadline ended the attempt while the call was being set up
        }
    }

    /** Reports the outcome once; {@code error} null means success. */
    void finish(Throwable error) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        ErrorCode code = error == null ? null : MigException.from(error).code();
        InvocationOutcome outcome = new InvocationOutcome(tenant, actor == null ? "anonymous" : actor,
                capability, known, binding, messageId, traceparent, code, System.nanoTime() - startNanos,
                Timestamps.now(clock), actor != null);
        endSpans(code);
        for (InvocationListener listener : listeners) {
            try {
                listener.onOutcome(outcome);
            } catch (RuntimeException e) {
                System.getLogger(Attempt.class.getName()).log(System.Logger.Level.WARNING,
                        "invocation listener failed: " + e);
            }
        }
    }

    private void endSpans(ErrorCode code) {
        endCode = code;
        spansEnded = true;
        providerSpan.end(code);
        span.attribute(TraceSpan.TENANT, tenant);
        span.attribute(TraceSpan.CAPABILITY, capability);
        span.attribute(TraceSpan.MESSAGE_ID, messageId);
        span.end(code);
    }
}
