package io.mig.core.gateway;

import io.mig.core.model.StreamFrame;

/**
 * Where a {@link StreamSession} writes: the binding's side of a multiplexed stream connection.
 * The binding owns framing and flow control only — the session asks a stream for its next frame
 * when the sink says the previous one is written.
 */
public interface FrameSink {
    /**
     * Writes one frame (from any thread; the sink serialises writes itself). Runs {@code written}
     * once the transport can take the next frame of the same stream — at once when it can, later
     * (e.g. when the transport is ready again) when it cannot; never when the frame was not written.
     */
    void send(StreamFrame frame, Runnable written);

    /**
     * The peer half-closed (see {@link StreamSession#halfClose}) and the last running stream has
     * ended: end the transport normally. Transports without a half-close never see this.
     */
    default void complete() {
    }
}
