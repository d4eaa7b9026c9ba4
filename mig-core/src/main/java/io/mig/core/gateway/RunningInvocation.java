package io.mig.core.gateway;

import io.mig.core.error.MigException;
import io.mig.core.port.in.InvocationAnswer;
import io.mig.core.port.in.InvocationHandle;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The handle of one invocation: its message id, its answer, and the stop of whatever runs for it now
 * (the provider call, the stream, or the wait for an idempotent duplicate's first call).
 */
final class RunningInvocation implements InvocationHandle {
    private final String messageId;
    private final CompletableFuture<InvocationAnswer> answer = new CompletableFuture<>();
    /** Stops the running work with a reason; false when it had ended. Null until work runs. */
    private volatile Predicate<String> stop;

    RunningInvocation(String messageId) {
        this.messageId = messageId;
    }

    @Override
    public String messageId() {
        return messageId;
    }

    @Override
    public CompletableFuture<InvocationAnswer> answer() {
        return answer;
    }

    @Override
    public boolean cancel(String reason) {
        Predicate<String> s = stop;
        return s != null && s.test(reason == null || reason.isEmpty() ? "cancelled" : reason);
    }

    /** The work now running is stopped by {@code stop}, which must be idempotent. */
    void running(Predicate<String> stop) {
        this.stop = stop;
    }

    void answer(InvocationAnswer value) {
        answer.complete(value);
    }

    void fail(Throwable error) {
        answer.completeExceptionally(MigException.from(error));
    }
}
