package io.mig.core.port.in;

import java.util.concurrent.CompletableFuture;

/**
 * One INVOKE started on the {@link Invocation} port, as the binding that started it holds it: the
 * {@code message_id} it runs under (the caller's, or one the core minted), its answer, and a way to
 * stop it when the transport ends (the client went away, the call was cancelled, the connection
 * closed).
 *
 * <pre>{@code
 * InvocationHandle handle = gateway.start(call, request, AnswerForm.unary());
 * transport.onClose(() -> handle.cancel("client disconnected"));
 * handle.answer().whenComplete((answer, error) -> ...);
 * }</pre>
 */
public interface InvocationHandle {
    /** The message id the invocation runs under; a CANCEL naming it in the same tenant reaches it. */
    String messageId();

    /**
     * Completes with the answer, after its outcome is recorded (audit, metrics). Fails with a
     * {@link io.mig.core.error.MigException} when the request is refused, or — for a unary answer —
     * when the invocation fails; a streamed answer reports later failures as its error frame.
     */
    CompletableFuture<InvocationAnswer> answer();

    /**
     * Stops the invocation as a CANCEL would: the provider call is aborted and the answer fails with
     * {@code MIG_TIMEOUT} ({@code details.cancelled = true}, {@code details.reason}), or a streamed
     * answer ends with that error frame. Does nothing once the invocation has ended.
     *
     * @return true when this call stopped running work; false when it had ended or was cancelled already
     */
    boolean cancel(String reason);
}
