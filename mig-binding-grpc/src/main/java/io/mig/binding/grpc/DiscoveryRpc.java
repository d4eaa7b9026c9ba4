package io.mig.binding.grpc;

import io.grpc.stub.StreamObserver;
import io.mig.binding.grpc.v0_1.DiscoverRequest;
import io.mig.binding.grpc.v0_1.DiscoverResponse;
import io.mig.binding.grpc.v0_1.DiscoveryGrpc;
import io.mig.binding.grpc.v0_1.HelloRequest;
import io.mig.binding.grpc.v0_1.HelloResponse;
import io.mig.core.spi.BindingGateway;

/** {@code mig.v0_1.Discovery}: HELLO and DISCOVER (SPEC §2, §1.2). */
final class DiscoveryRpc extends DiscoveryGrpc.DiscoveryImplBase {
    private final BindingGateway gateway;

    DiscoveryRpc(BindingGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void hello(HelloRequest request, StreamObserver<HelloResponse> out) {
        Unary.answer(out, "hello", gateway.errors(),
                () -> ProtoModel.hello(gateway.hello(CallMetadata.call(), ProtoModel.hello(request))));
    }

    @Override
    public void discover(DiscoverRequest request, StreamObserver<DiscoverResponse> out) {
        Unary.answer(out, "discover", gateway.errors(),
                () -> ProtoModel.discover(gateway.discover(CallMetadata.call(), ProtoModel.discover(request))));
    }
}
