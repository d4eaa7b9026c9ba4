package io.mig.binding.grpc;

import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.mig.binding.grpc.v0_1.InvocationGrpc;
import io.mig.binding.grpc.v0_1.InvokeRequest;
import io.mig.binding.grpc.v0_1.InvokeResponse;
import io.mig.binding.grpc.v0_1.StreamFrame;
import io.mig.core.id.Ids;
import io.mig.core.model.CancelRequest;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.in.CallContext;
import io.mig.core.spi.BindingGateway;
import java.util.concurrent.CompletableFuture;

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
        CompletableFuture<io.mig.core.model.InvokeResponse> answer;
        try {
            core = withIdAndDeadline(ProtoModel.invoke(request));
        } catch (RuntimeException e) {
            // refused before the core saw it (an unreadable payload, a bad deadline): still audited
            gateway.errors().invokeRefused(call, ProtoModel.blank(request.getCapability()), e);
            out.onError(GrpcErrors.toStatus(e, "invoke", gateway.errors()));
            return;
        }
        answer = gateway.invoke(call, core);
        // a client that gives up (or whose deadline passes) aborts the provider call too
        MessageHeader header = core.header();
        Context.current().addListener(cancelled -> {
            if (!answer.isDone()) {
                gateway.cancel(call, new CancelRequest(MessageHeader.forTenant(header.tenantId()), header.messageId(),
                        "the gRPC call was cancelled"));
            }
        }, Runnable::run);
        answer.whenComplete((response, error) -> {
            if (error != null) {
                out.onError(GrpcErrors.toStatus(error, "invoke", gateway.errors()));
            } else {
                out.onNext(ProtoModel.invoke(response));
                out.onCompleted();
            }
        });
    }

    @Override
    public StreamObserver<StreamFrame> streamInvoke(StreamObserver<StreamFrame> out) {
        return new StreamInvokeCall(gateway, open, CallMetadata.call(), (ServerCallStreamObserver<StreamFrame>) out).start();
    }

    /** A message id of our own when the client sent none (so the call can be cancelled), and the call deadline. */
    static io.mig.core.model.InvokeRequest withIdAndDeadline(io.mig.core.model.InvokeRequest request) {
        MessageHeader header = CallMetadata.withCallDeadline(request.header());
        if (header.messageId() == null) {
            header = header.withMessageId(Ids.messageId());
        }
        return new io.mig.core.model.InvokeRequest(header, request.capability(), request.payload(),
                request.streamPreference());
    }
}
