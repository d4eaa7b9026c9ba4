package io.mig.core.gateway;

import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.model.Binding;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.out.InvocationListener;
import io.mig.core.port.out.InvocationOutcome;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What is known about one invocation as it passes the pipeline, so that its outcome — success or
 * any failure, at any step — is reported exactly once to every listener (audit, metrics, usage).
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

    Attempt(CallContext call, String capability, List<InvocationListener> listeners, Clock clock) {
        this.binding = call.binding();
        this.capability = capability;
        this.listeners = listeners;
        this.clock = clock;
        this.tenant = call.credentials().tenantHint();
        // the actor stays anonymous until authenticated: an X-Actor hint must not name who failed to log in
    }

    void scope(RequestScope scope) {
        this.tenant = scope.tenant();
        this.actor = scope.principal().actor();
        this.messageId = scope.header().messageId();
        this.traceparent = scope.header().traceparent();
    }

    void known() {
        this.known = true;
    }

    /** Reports the outcome once; {@code error} null means success. */
    void finish(Throwable error) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        ErrorCode code = error == null ? null : MigException.from(error).code();
        InvocationOutcome outcome = new InvocationOutcome(tenant, actor == null ? "anonymous" : actor,
                capability, known, binding, messageId, traceparent, code, System.nanoTime() - startNanos,
                clock.instant().toString(), actor != null);
        for (InvocationListener listener : listeners) {
            try {
                listener.onOutcome(outcome);
            } catch (RuntimeException e) {
                System.getLogger(Attempt.class.getName()).log(System.Logger.Level.WARNING,
                        "invocation listener failed: " + e);
            }
        }
    }
}
