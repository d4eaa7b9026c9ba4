package io.mig.core.port.in;

import io.mig.core.model.InvokeResponse;
import io.mig.core.model.StreamFrame;
import java.util.concurrent.Flow;

/**
 * How the core answers one INVOKE: with one response, or with a stream of frames whose last one has
 * {@code end_stream: true}. Which of the two is the core's choice, made once per invocation from the
 * capability's modes, the request's {@code stream_preference} and the transport's {@link AnswerForm}.
 */
public sealed interface InvocationAnswer {
    /** The unary answer; fails with {@link IllegalStateException} for a streamed one. */
    default InvokeResponse response() {
        throw new IllegalStateException("the invocation answers with a stream of frames");
    }

    /** The streamed answer; fails with {@link IllegalStateException} for a unary one. */
    default Flow.Publisher<StreamFrame> frames() {
        throw new IllegalStateException("the invocation answers with one response");
    }

    boolean streamed();

    /** One response. */
    record Unary(InvokeResponse response) implements InvocationAnswer {
        @Override
        public boolean streamed() {
            return false;
        }
    }

    /**
     * Frames under {@code streamId}. Cancelling the subscription cancels the provider; the handle's
     * {@link InvocationHandle#cancel} ends the stream with an error frame instead.
     */
    record Streamed(String streamId, Flow.Publisher<StreamFrame> frames) implements InvocationAnswer {
        @Override
        public boolean streamed() {
            return true;
        }
    }
}
