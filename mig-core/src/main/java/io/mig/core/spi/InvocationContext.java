package io.mig.core.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Everything a provider knows about one invocation: the request with its resolved header (tenant,
 * message id, traceparent, deadline), who called, when it must be done, and its cancellation.
 */
public final class InvocationContext {
    private final InvokeRequest request;
    private final CapabilityDescriptor capability;
    private final Principal principal;
    private final CallContext call;
    private final Instant deadline;
    private final Clock clock;
    private final Cancellation cancellation;
    private final boolean completionMayBlock;

    /** A context whose completion may block (see {@link #completionMayBlock()}). */
    public InvocationContext(InvokeRequest request, CapabilityDescriptor capability, Principal principal,
                             CallContext call, Instant deadline, Clock clock, Cancellation cancellation) {
        this(request, capability, principal, call, deadline, clock, cancellation, true);
    }

    public InvocationContext(InvokeRequest request, CapabilityDescriptor capability, Principal principal,
                             CallContext call, Instant deadline, Clock clock, Cancellation cancellation,
                             boolean completionMayBlock) {
        this.completionMayBlock = completionMayBlock;
        this.request = request;
        this.capability = capability;
        this.principal = principal;
        this.call = call;
        this.deadline = deadline;
        this.clock = clock;
        this.cancellation = cancellation;
    }

    public InvokeRequest request() {
        return request;
    }

    public MessageHeader header() {
        return request.header();
    }

    public ObjectNode payload() {
        return request.payload();
    }

    public String tenant() {
        return request.header().tenantId();
    }

    public CapabilityDescriptor capability() {
        return capability;
    }

    public Principal principal() {
        return principal;
    }

    /** The transport call, including the caller's (unverified) bearer token for providers that forward it. */
    public CallContext call() {
        return call;
    }

    public Instant deadline() {
        return deadline;
    }

    /** Time left until the deadline, never negative. */
    public Duration remaining() {
        Duration left = Duration.between(clock.instant(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    public Cancellation cancellation() {
        return cancellation;
    }

    /**
     * Whether completing the future {@link CapabilityProvider#invoke} returned may run work that
     * blocks on the completing thread: the gateway's outcome (stores, audit, listeners) and the
     * caller's answer run there. True — the default, and whenever in doubt — means a provider that
     * completes on a thread that must not block (a selector, an event loop) hands the completion to
     * a pool. False only for a unary call whose transport writes its answer without blocking
     * ({@link io.mig.core.port.in.AnswerForm#writingWithoutBlocking()}), on a gateway whose parts all
     * answer without blocking, and with no idempotency key (its completion answers the duplicates
     * that wait, on whatever transport they came). A stream's items always count as blocking.
     */
    public boolean completionMayBlock() {
        return completionMayBlock;
    }
}
