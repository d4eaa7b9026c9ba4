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

    public InvocationContext(InvokeRequest request, CapabilityDescriptor capability, Principal principal,
                             CallContext call, Instant deadline, Clock clock, Cancellation cancellation) {
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
}
