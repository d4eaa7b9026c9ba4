package io.mig.binding.http;

import io.mig.core.error.MigException;
import io.mig.core.model.FrameKind;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.StreamFrame;

/** The terminal frames a shutting-down gateway sends on streams that are still open. */
final class ShutdownFrames {
    static final String REASON = "the gateway is shutting down";

    private ShutdownFrames() {
    }

    static MigException error() {
        return MigException.unavailable(REASON);
    }

    /** An error frame ending a stream; {@code like} (may be null) lends its header, stream id and capability. */
    static StreamFrame endOf(StreamFrame like, String streamId, String capability) {
        MessageHeader header = like == null ? null : like.header();
        return new StreamFrame(header, like == null ? streamId : like.streamId(), like == null ? capability : like.capability(),
                FrameKind.ERROR, null, true, error().toError());
    }
}
