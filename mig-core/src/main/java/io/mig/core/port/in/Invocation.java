package io.mig.core.port.in;

import io.mig.core.model.InvokeRequest;
import io.mig.core.model.InvokeResponse;
import io.mig.core.model.StreamFrame;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/** The invocation plane: unary and streamed INVOKE. */
public interface Invocation {
    /**
     * Starts one invocation through the whole pipeline of SPEC §4.1 and returns its handle; never
     * throws for a MIG error (the handle's answer fails instead). The core gives the invocation its
     * {@code message_id} when the request has none, and chooses once, from {@code form}, whether it
     * answers with one response or with frames. The binding cancels the handle when its transport ends.
     */
    InvocationHandle start(CallContext call, InvokeRequest request, AnswerForm form);

    /**
     * Runs one unary invocation: {@link #start} with {@link AnswerForm#unary()}. The future fails
     * with a {@link io.mig.core.error.MigException} for every MIG error.
     */
    default CompletableFuture<InvokeResponse> invoke(CallContext call, InvokeRequest request) {
        return start(call, request, AnswerForm.unary()).answer().thenApply(InvocationAnswer::response);
    }

    /**
     * Starts a streamed invocation: {@link #start} with {@link AnswerForm#frames(String)}. The future
     * fails with a {@link io.mig.core.error.MigException} when the request is refused before dispatch
     * (so the transport can still answer with a plain error); once it completes, every later failure
     * arrives as an {@code error} frame, and the last frame always has {@code end_stream: true}.
     * Cancelling the subscription cancels the provider.
     *
     * @param streamId the stream id frames carry; null means {@code "stream-" + message_id}
     */
    default CompletableFuture<Flow.Publisher<StreamFrame>> stream(CallContext call, InvokeRequest request, String streamId) {
        return start(call, request, AnswerForm.frames(streamId)).answer().thenApply(InvocationAnswer::frames);
    }

    /**
     * The choice {@link #start} makes with {@link AnswerForm#either(boolean)}: whether this request
     * would be answered as a stream (SPEC §3.5). For transports that must know before they start
     * (e.g. to pick a response format); everything else lets {@code start} decide.
     */
    boolean prefersStream(InvokeRequest request, boolean transportAsksForStream);
}
