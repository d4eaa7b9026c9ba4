package io.mig.binding.http.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import io.mig.core.spi.Emitter;
import io.mig.core.spi.StreamItem;
import java.util.concurrent.Flow;

/**
 * The answer to a streamed call, as the provider's {@link Flow.Publisher}: items go out as the
 * subscriber asks for them; a plain JSON answer is one terminal item.
 */
final class StreamAnswer implements UpstreamCall.Sink {
    private final Emitter<StreamItem> out = new Emitter<>();
    private volatile boolean terminalSeen;

    Emitter<StreamItem> publisher() {
        return out;
    }

    boolean terminalSeen() {
        return terminalSeen;
    }

    @Override
    public boolean wantsMore() {
        // read the next chunk only when everything read so far has gone out and more is asked for
        return !out.isCancelled() && out.backlog() == 0 && out.outstandingDemand() > 0;
    }

    @Override
    public void item(StreamItem item) {
        if (item.terminal()) {
            terminalSeen = true;
        }
        out.emit(item);
    }

    @Override
    public void result(ObjectNode payload) {
        terminalSeen = true;
        out.emit(StreamItem.last(payload));
        out.complete();
    }

    @Override
    public void fail(MigException error) {
        out.fail(error);
    }

    @Override
    public void end() {
        out.complete();
    }
}
