package io.mig.core.port.in;

/**
 * The answers a transport can carry for one INVOKE, so that the core makes the stream choice
 * (SPEC §3.5, §3.6) in one place:
 * <ul>
 *   <li>{@link #unary()} — one reply only (NATS request/reply, gRPC {@code Invoke});</li>
 *   <li>{@link #frames(String)} — frames only (WebSocket, gRPC {@code StreamInvoke}): a unary
 *       capability answers with one terminal frame;</li>
 *   <li>{@link #either(boolean)} — either (HTTP): frames when the capability can stream and the
 *       request asks for it (its {@code stream_preference} or
 *       {@code header.meta["mig.stream_preference"]}), the transport does ({@code Accept:
 *       text/event-stream}), or the capability cannot answer unary.</li>
 * </ul>
 *
 * @param framesAllowed  whether the transport can carry frames
 * @param unaryAllowed   whether it can carry one response
 * @param transportAsks  whether the transport itself asks for frames
 * @param streamId       the stream id frames carry; null means {@code "stream-" + message_id}
 * @param writesWithoutBlocking whether the transport writes a unary answer without blocking, on
 *                       whichever thread completes the invocation (a non-blocking write with a
 *                       callback); see {@link #writingWithoutBlocking()}
 */
public record AnswerForm(boolean framesAllowed, boolean unaryAllowed, boolean transportAsks, String streamId,
                         boolean writesWithoutBlocking) {
    private static final AnswerForm UNARY = new AnswerForm(false, true, false, null);

    public AnswerForm {
        if (!framesAllowed && !unaryAllowed) {
            throw new IllegalArgumentException("a transport must carry some answer");
        }
    }

    /** A form whose answer may block the thread that completes the invocation (the safe default). */
    public AnswerForm(boolean framesAllowed, boolean unaryAllowed, boolean transportAsks, String streamId) {
        this(framesAllowed, unaryAllowed, transportAsks, streamId, false);
    }

    /**
     * The same form, from a transport whose unary answer (and error) is written without blocking,
     * whatever thread completes the invocation. When the gateway's parts also say so
     * ({@code MigGateway.Builder.pipelineWithoutBlocking}), the provider learns that completing the
     * call may run on its own I/O thread ({@link io.mig.core.spi.InvocationContext#completionMayBlock()}),
     * so an asynchronous provider need not hand the completion to another thread. Frames are
     * always taken to be written by code that may block.
     */
    public AnswerForm writingWithoutBlocking() {
        return new AnswerForm(framesAllowed, unaryAllowed, transportAsks, streamId, true);
    }

    public static AnswerForm unary() {
        return UNARY;
    }

    public static AnswerForm frames(String streamId) {
        return new AnswerForm(true, false, false, streamId);
    }

    public static AnswerForm either(boolean transportAsksForStream) {
        return new AnswerForm(true, true, transportAsksForStream, null);
    }
}
