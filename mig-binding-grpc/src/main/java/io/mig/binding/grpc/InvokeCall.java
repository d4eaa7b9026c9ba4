package io.mig.binding.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.mig.core.gateway.ErrorRecorder;
import io.mig.core.model.InvokeResponse;
import io.mig.core.port.in.CallContext;
import java.util.function.BiConsumer;

/**
 * One unary {@code Invoke} as grpc-java delivers it: the listener of the call, and the way its answer
 * goes out. It stands in for three layers every other method has — grpc-java's unary
 * {@code ServerCalls} listener and response observer, the {@link CallMetadata} context (a child
 * {@code Context} attached and detached around every callback) and the {@link MalformedMessages}
 * guard — doing what they do for a unary call, in one object: at most one request message
 * ({@code INTERNAL} otherwise, as grpc-java's stub), a message that did not parse refused with
 * {@code INVALID_ARGUMENT}, the work started once the client half-closes, the answer sent as headers,
 * one message and status {@code OK}, an error as its status and trailers.
 *
 * <p>The call's metadata is read once, when the call starts; the gRPC {@code Context} the call runs
 * in is grpc-java's own (deadline, cancellation), attached by grpc-java around each callback.
 */
final class InvokeCall extends ServerCall.Listener<InvokeMessage> {
    private static final String TOO_MANY_REQUESTS = "Too many requests";
    private static final String MISSING_REQUEST = "Half-closed without a request";

    private final ServerCall<InvokeMessage, InvokeResponse> call;
    private final CallContext context;
    private final ErrorRecorder errors;
    private final BiConsumer<InvokeMessage, InvokeCall> invoke;
    private InvokeMessage request;
    private boolean closed;

    private InvokeCall(ServerCall<InvokeMessage, InvokeResponse> call, CallContext context, ErrorRecorder errors,
                       BiConsumer<InvokeMessage, InvokeCall> invoke) {
        this.call = call;
        this.context = context;
        this.errors = errors;
        this.invoke = invoke;
    }

    /** The handler of the unary {@code Invoke}: {@code invoke} runs once per call with its request. */
    static ServerCallHandler<InvokeMessage, InvokeResponse> handler(ErrorRecorder errors, BiConsumer<InvokeMessage, InvokeCall> invoke) {
        return (call, headers) -> {
            // two, not one: a second message from a misbehaving client is then seen and refused
            call.request(2);
            return new InvokeCall(call, CallMetadata.read(call, headers), errors, invoke);
        };
    }

    /** Who called, as the transport saw it. */
    CallContext context() {
        return context;
    }

    @Override
    public void onMessage(InvokeMessage message) {
        if (closed) {
            return;
        }
        if (message == null) { // the bytes did not parse (MalformedMessages' lenient marshaller)
            closed = true;
            MalformedMessages.refuse(call, "invoke", errors);
        } else if (request != null) {
            closed = true;
            call.close(Status.INTERNAL.withDescription(TOO_MANY_REQUESTS), new Metadata());
        } else {
            request = message; // run at half-close, once the client has said it sends no more
        }
    }

    @Override
    public void onHalfClose() {
        if (closed) {
            return;
        }
        if (request == null) {
            closed = true;
            call.close(Status.INTERNAL.withDescription(MISSING_REQUEST), new Metadata());
            return;
        }
        InvokeMessage message = request;
        request = null;
        invoke.accept(message, this);
    }

    /** Sends the answer and ends the call with {@code OK}. */
    void answer(InvokeResponse response) {
        call.sendHeaders(new Metadata());
        call.sendMessage(response);
        call.close(Status.OK, new Metadata());
    }

    /** Ends the call with the status and trailers of {@code error} (a mapped {@link StatusRuntimeException}). */
    void fail(Throwable error) {
        Metadata trailers = new Metadata();
        Metadata own = Status.trailersFromThrowable(error);
        if (own != null) {
            trailers.merge(own);
        }
        call.close(Status.fromThrowable(error), trailers);
    }
}
