package io.mig.binding.grpc;

import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.mig.binding.grpc.v0_1.InvocationGrpc;
import io.mig.binding.grpc.v0_1.StreamFrame;
import io.mig.core.port.in.AnswerForm;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.InvocationHandle;
import io.mig.core.error.MigException;
import io.mig.core.model.InvokeResponse;
import io.mig.core.model.MessageHeader;
import io.mig.core.spi.BindingGateway;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code mig.v0_1.Invocation}: unary INVOKE and the bidirectional StreamInvoke (SPEC §3.5, §4).
 * {@code Invoke} is called on the transport thread ({@link GrpcBinding}) and runs there only when
 * the gateway says it cannot block; otherwise it moves to the worker pool first. Its request is read
 * from protobuf straight into the core's record ({@link InvokeMessage}) and its answer written
 * straight from it ({@link InvokeAnswerMarshaller}); the method on the wire is the generated one,
 * with the same name, request and response bytes. Its call is grpc-java's {@code ServerCall} with one
 * listener of the binding's own ({@link InvokeCall}), not the stub's unary call.
 */
final class InvocationRpc implements BindableService {
    private static final String INVOKE = InvocationGrpc.getInvokeMethod().getFullMethodName();
    private final BindingGateway gateway;
    private final OpenStreams open;
    private final Executor workers;

    InvocationRpc(BindingGateway gateway, OpenStreams open, Executor workers) {
        this.gateway = gateway;
        this.open = open;
        this.workers = workers;
    }

    /** The method that is called on its transport thread and picks its own thread from there. */
    static boolean decidesItsThread(MethodDescriptor<?, ?> method) {
        return INVOKE.equals(method.getFullMethodName());
    }

    @Override
    public ServerServiceDefinition bindService() {
        MethodDescriptor<InvokeMessage, InvokeResponse> invoke = InvocationGrpc.getInvokeMethod()
                .toBuilder(new InvokeMessage.Marshaller(), new InvokeAnswerMarshaller())
                .build();
        return ServerServiceDefinition.builder(InvocationGrpc.SERVICE_NAME)
                .addMethod(invoke, InvokeCall.handler(gateway.errors(), this::invoke))
                .addMethod(InvocationGrpc.getStreamInvokeMethod(), ServerCalls.asyncBidiStreamingCall(this::streamInvoke))
                .build();
    }

    private void invoke(InvokeMessage request, InvokeCall out) {
        if (gateway.invokesWithoutBlocking(request.capability())) {
            run(request, out, Runnable::run);
            return;
        }
        try {
            // the gRPC context (call metadata, deadline, cancellation) goes along to the worker
            workers.execute(Context.current().wrap(() -> run(request, out, workers)));
        } catch (RejectedExecutionException e) { // the binding is stopping
            out.fail(GrpcErrors.toStatus(MigException.unavailable("the gateway is shutting down"), "invoke", gateway.errors()));
        }
    }

    /** The unary INVOKE on this thread; a cancellation aborts it on {@code cancels} (the worker pool when it may block). */
    private void run(InvokeMessage request, InvokeCall out, Executor cancels) {
        CallContext call = out.context();
        // the call's context (deadline, cancellation), looked up once: each lookup is a thread-local read
        Context context = Context.current();
        io.mig.core.model.InvokeRequest core;
        try {
            core = request.model();
            MessageHeader header = CallMetadata.withCallDeadline(core.header(), context);
            if (header != core.header()) {
                core = new io.mig.core.model.InvokeRequest(header, core.capability(), core.payload(), core.streamPreference());
            }
        } catch (RuntimeException e) {
            // refused before the core saw it (an unreadable payload, a bad deadline): still audited
            gateway.errors().invokeRefused(call, request.capability(), e);
            out.fail(GrpcErrors.toStatus(e, "invoke", gateway.errors()));
            return;
        }
        InvocationHandle handle = gateway.start(call, core, AnswerForm.unary());
        // a client that gives up (or whose deadline passes) aborts the provider call too
        Context.CancellationListener abort = cancelled -> handle.cancel("the gRPC call was cancelled");
        context.addListener(abort, cancels);
        handle.answer().whenComplete((answer, error) -> {
            // grpc-java cancels the context of every call once it has ended: with nothing left to
            // abort, the listener only built a cancellation error (2.7 % of a call in the P4 profile)
            context.removeListener(abort);
            if (error != null) {
                out.fail(GrpcErrors.toStatus(error, "invoke", gateway.errors()));
            } else {
                out.answer(answer.response());
            }
        });
    }

    private StreamObserver<StreamFrame> streamInvoke(StreamObserver<StreamFrame> out) {
        return new StreamInvokeCall(gateway, open, CallMetadata.call(), (ServerCallStreamObserver<StreamFrame>) out).start();
    }
}
