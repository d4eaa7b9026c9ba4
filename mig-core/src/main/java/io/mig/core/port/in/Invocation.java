package io.mig.core.port.in;

import io.mig.core.model.InvokeRequest;
import io.mig.core.model.InvokeResponse;
import io.mig.core.model.StreamFrame;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/** The invocation plane: unary and streamed INVOKE. */
public interface Invocation {
    /**
     * Runs one unary invocation through the whole pipeline of SPEC §4.1. The future fails with a
     * {@link io.mig.core.error.MigException} for every MIG error.
     */
    CompletableFuture<InvokeResponse> invoke(CallContext call, InvokeRequest request);

    /**
     * Starts a streamed invocation. The future fails with a {@link io.mig.core.error.MigException}
     * when the request is refused before dispatch (so the transport can still answer with a plain
     * error); once it completes, every later failure arrives as an {@code error} frame, and the last
     * frame always has {@code end_stream: true}. Cancelling the subscription cancels the provider.
     *
     * @param streamId the stream id frames carry; null means {@code "stream-" + message_id}
     */
    CompletableFuture<Flow.Publisher<StreamFrame>> stream(CallContext call, InvokeRequest request, String streamId);

    /**
     * Whether this request should be answered as a stream (SPEC §3.5): it asks for one (its
     * {@code stream_preference}, {@code header.meta["mig.stream_preference"]}, or the transport's own
     * signal such as {@code Accept: text/event-stream}), or its capability cannot answer unary.
     */
    boolean prefersStream(InvokeRequest request, boolean transportAsksForStream);
}
