package io.mig.admin.conformance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.InvocationMode;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.Emitter;
import io.mig.core.spi.InvocationContext;
import io.mig.core.spi.StreamItem;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * The gateway's own capability for self-checks, registered internally (never listed): it echoes the
 * nonce and the traceparent it received; streamed, it sends two tokens and a result, or with
 * {@code hold: true} one token and then waits until it is cancelled.
 */
final class SelfProbe implements CapabilityProvider {
    static final String ID = "migd.selfcheck.probe";
    static final CapabilityDescriptor DESCRIPTOR = new CapabilityDescriptor(ID, "1.0.0",
            List.of(InvocationMode.UNARY, InvocationMode.SERVER_STREAM), "schema://migd/selfcheck/input/v1",
            "schema://migd/selfcheck/output/v1", List.of(), List.of(), null,
            "Internal: the gateway's conformance self-probe.");

    @Override
    public CompletableFuture<ObjectNode> invoke(InvocationContext context) {
        return CompletableFuture.completedFuture(answer(context));
    }

    @Override
    public Flow.Publisher<StreamItem> stream(InvocationContext context) {
        Emitter<StreamItem> out = new Emitter<>();
        out.emit(StreamItem.next(MigJson.object().put("token", "one")));
        if (context.payload().path("hold").asBoolean(false)) {
            context.cancellation().onCancel(out::complete); // the gateway ends the stream with its error frame
            return out;
        }
        out.emit(StreamItem.next(MigJson.object().put("token", "two")));
        out.emit(StreamItem.last(answer(context)));
        out.complete();
        return out;
    }

    private static ObjectNode answer(InvocationContext context) {
        return MigJson.object()
                .put("echo", context.payload().path("nonce").asText(""))
                .put("traceparent", context.header().traceparent());
    }
}
