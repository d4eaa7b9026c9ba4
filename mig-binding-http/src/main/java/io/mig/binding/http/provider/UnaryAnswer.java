package io.mig.binding.http.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.ErrorReason;
import io.mig.core.error.MigException;
import io.mig.core.spi.StreamItem;
import java.util.concurrent.CompletableFuture;

/**
 * The answer to a unary call: the JSON body's payload, or — when the provider streams anyway —
 * its terminal item (else its last item).
 */
final class UnaryAnswer implements UpstreamCall.Sink {
    private final CompletableFuture<ObjectNode> result = new CompletableFuture<>();
    private StreamItem kept;

    CompletableFuture<ObjectNode> future() {
        return result;
    }

    @Override
    public boolean wantsMore() {
        return true;
    }

    @Override
    public void item(StreamItem item) {
        if (kept == null || !kept.terminal()) {
            kept = item;
        }
    }

    @Override
    public void result(ObjectNode payload) {
        result.complete(payload);
    }

    @Override
    public void fail(MigException error) {
        result.completeExceptionally(error);
    }

    @Override
    public void end() {
        if (kept == null) {
            result.completeExceptionally(MigException.internal("the provider streamed no item").withReason(ErrorReason.PROVIDER_FAILED));
        } else {
            result.complete(kept.payload());
        }
    }
}
