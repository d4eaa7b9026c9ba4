package io.mig.examples.jsonl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.conformance.kit.KitTarget;
import io.mig.core.json.MigJson;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.InvocationMode;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.Emitter;
import io.mig.core.spi.InvocationContext;
import io.mig.core.spi.StreamItem;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The kit's slow capability (docs/CONFORMANCE.md) served in-process, since this migd has no HTTP to
 * register the kit's HTTP provider through: {@code {"delay_ms": N}} answers {@code {"run": k}} after
 * N ms, k counting runs; with {@code "frames": K} it streams K items N ms apart, then a terminal one.
 */
final class SlowCapability implements CapabilityProvider {
    static final CapabilityDescriptor DESCRIPTOR = CapabilityDescriptor.builder(KitTarget.SLOW)
            .modes(InvocationMode.UNARY, InvocationMode.SERVER_STREAM)
            .schemas("schema://conformance/kit/slow/in", "schema://conformance/kit/slow/out")
            .build();

    private final AtomicLong runs = new AtomicLong();

    @Override
    public CompletableFuture<ObjectNode> invoke(InvocationContext context) {
        long run = runs.incrementAndGet();
        return CompletableFuture.supplyAsync(() -> MigJson.object().put("run", run),
                CompletableFuture.delayedExecutor(delay(context), TimeUnit.MILLISECONDS));
    }

    @Override
    public Flow.Publisher<StreamItem> stream(InvocationContext context) {
        int frames = context.payload().path("frames").asInt();
        if (frames <= 0) {
            return CapabilityProvider.super.stream(context);
        }
        long run = runs.incrementAndGet();
        Emitter<StreamItem> out = new Emitter<>();
        emit(out, context, run, 1, frames);
        return out;
    }

    private void emit(Emitter<StreamItem> out, InvocationContext context, long run, int frame, int frames) {
        if (out.isCancelled() || context.cancellation().isCancelled()) {
            return;
        }
        ObjectNode item = MigJson.object().put("frame", frame).put("run", run);
        if (frame > frames) {
            out.emit(StreamItem.last(item));
            out.complete();
            return;
        }
        out.emit(StreamItem.next(item));
        CompletableFuture.delayedExecutor(delay(context), TimeUnit.MILLISECONDS)
                .execute(() -> emit(out, context, run, frame + 1, frames));
    }

    private static long delay(InvocationContext context) {
        return Math.min(context.payload().path("delay_ms").asLong(), 30_000);
    }
}
