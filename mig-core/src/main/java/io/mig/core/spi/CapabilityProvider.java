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
     * True when {@link #invoke} returns at once: it never waits for I/O, a lock held for long or
     * another thread (its future may still complete later, on another thread). A binding may then run
     * the whole INVOKE on its transport thread, without a hand-off to a worker, when the gateway's own
     * parts do not block either ({@code MigGateway.Builder.pipelineWithoutBlocking}). The default, false,
     * is always safe.
     */
    default boolean answersWithoutBlocking() {
        return false;
    }

    /**
     * Answers a streamed invocation. The default streams the unary answer as one terminal item.
     * Cancelling the subscription means the caller no longer wants the stream.
     */
    default Flow.Publisher<StreamItem> stream(InvocationContext context) {
        return Publishers.fromFuture(invoke(context).thenApply(StreamItem::last));
    }
}
