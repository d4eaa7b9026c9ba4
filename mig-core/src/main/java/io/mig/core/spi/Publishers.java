package io.mig.core.spi;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/** Small factories for the publishers providers return. */
public final class Publishers {
    private Publishers() {
    }

    /** One item when the future succeeds, or the future's failure; cancelling cancels the future. */
    public static <T> Flow.Publisher<T> fromFuture(CompletableFuture<? extends T> future) {
        Emitter<T> emitter = new Emitter<>();
        emitter.onCancel(() -> future.cancel(true));
        future.whenComplete((value, error) -> {
            if (error != null) {
                emitter.fail(error);
            } else {
                emitter.emit(value);
                emitter.complete();
            }
        });
        return emitter;
    }

    /** The given items, then completion. */
    public static <T> Flow.Publisher<T> of(List<T> items) {
        Emitter<T> emitter = new Emitter<>();
        items.forEach(emitter::emit);
        emitter.complete();
        return emitter;
    }

    /** Fails at once. */
    public static <T> Flow.Publisher<T> failed(Throwable error) {
        Emitter<T> emitter = new Emitter<>();
        emitter.fail(error);
        return emitter;
    }
}
