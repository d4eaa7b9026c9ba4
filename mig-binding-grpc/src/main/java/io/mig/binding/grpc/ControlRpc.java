package io.mig.binding.grpc;

import io.grpc.stub.StreamObserver;
import io.mig.binding.grpc.v0_1.CancelAck;
import io.mig.binding.grpc.v0_1.CancelRequest;
import io.mig.binding.grpc.v0_1.ControlGrpc;
import io.mig.binding.grpc.v0_1.HeartbeatAck;
import io.mig.binding.grpc.v0_1.HeartbeatRequest;
import io.mig.core.spi.BindingGateway;

/** {@code mig.v0_1.Control}: CANCEL and HEARTBEAT (SPEC §4.7, §4.10). */
final class ControlRpc extends ControlGrpc.ControlImplBase {
    private final BindingGateway gateway;

    ControlRpc(BindingGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void cancel(CancelRequest request, StreamObserver<CancelAck> out) {
        Unary.answer(out, "cancel", gateway.errors(),
                () -> ProtoModel.cancel(gateway.cancel(CallMetadata.call(), ProtoModel.cancel(request))));
    }

    @Override
    public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatAck> out) {
        Unary.answer(out, "heartbeat", gateway.errors(),
                () -> ProtoModel.heartbeat(gateway.heartbeat(CallMetadata.call(), ProtoModel.heartbeat(request))));
    }
}
