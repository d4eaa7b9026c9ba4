package io.mig.binding.grpc;

import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.mig.binding.grpc.v0_1.InvocationGrpc;
import io.mig.binding.grpc.v0_1.InvokeRequest;
import io.mig.binding.grpc.v0_1.InvokeResponse;
import io.mig.binding.grpc.v0_1.StreamFrame;
import io.mig.core.port.in.AnswerForm;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.InvocationHandle;
import io.mig.core.spi.BindingGateway;

/** {@code mig.v0_1.Invocation}: unary INVOKE and the bidirectional StreamInvoke (SPEC §3.5, §4). */
final class InvocationRpc extends InvocationGrpc.InvocationImplBase {
    private final BindingGateway gateway;
    private final OpenStreams open;

    InvocationRpc(BindingGateway gateway, OpenStreams open) {
        this.gateway = gateway;
        this.open = open;
    }

    @Override
    public void invoke(InvokeRequest request, StreamObserver<InvokeResponse> out) {
        CallContext call = CallMetadata.call();
        io.mig.core.model.InvokeRequest core;
        try {
            core = ProtoModel.invoke(request);
            core = new io.mig.core.model.InvokeRequest(CallMetadata.withCallDeadline(core.header()), core.capability(),
                    core.payload(), core.streamPreference());
        } catch (RuntimeException e) {
            // refused before the core saw it (an unreadable payload, a bad deadline): still audited
            gateway.errors().invokeRefused(call, ProtoModel.blank(request.getCapability()), e);
            out.onError(GrpcErrors.toStatus(e, "invoke", gateway.errors()));
            return;
        }
        InvocationHandle handle = gateway.start(call, core, AnswerForm.unary());
        // a client that gives up (or whose deadline passes) aborts the provider call too
        Context.current().addListener(cancelled -> handle.cancel("the gRPC call was cancelled"), Runnable::run);
        handle.answer().whenComplete((answer, error) -> {
            if (error != null) {
                out.onError(GrpcErrors.toStatus(error, "invoke", gateway.errors()));
            } else {
                out.onNext(ProtoModel.invoke(answer.response()));
                out.onCompleted();
            }
        });
    }

    @Override
    public StreamObserver<StreamFrame> streamInvoke(StreamObserver<StreamFrame> out) {
        return new StreamInvokeCall(gateway, open, CallMetadata.call(), (ServerCallStreamObserver<StreamFrame>) out).start();
    }
}
