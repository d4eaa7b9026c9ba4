package io.mig.core.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Serves a capability. Register one in-process with
 * {@code MigGateway.builder().capability(descriptor, provider)}; HTTP and NATS providers are built
 * from a registration's {@code provider} block by a {@link ProviderFactory}.
 *
 * <p>Fail with a {@link io.mig.core.error.MigException} to answer a MIG error. Watch
 * {@link InvocationContext#cancellation()} to stop work that is no longer wanted.
 */
public interface CapabilityProvider {
    /** Answers one unary invocation with the result payload. */
    CompletableFuture<ObjectNode> invoke(InvocationContext context);

    /**
     * Answers a streamed invocation. The default streams the unary answer as one terminal item.
     * Cancelling the subscription means the caller no longer wants the stream.
     */
    default Flow.Publisher<StreamItem> stream(InvocationContext context) {
        return Publishers.fromFuture(invoke(context).thenApply(StreamItem::last));
    }
}
