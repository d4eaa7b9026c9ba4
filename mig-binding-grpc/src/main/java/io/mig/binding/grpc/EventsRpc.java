package io.mig.binding.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.mig.binding.grpc.v0_1.EventMessage;
import io.mig.binding.grpc.v0_1.EventsGrpc;
import io.mig.binding.grpc.v0_1.PublishAck;
import io.mig.binding.grpc.v0_1.PublishRequest;
import io.mig.binding.grpc.v0_1.SubscribeRequest;
import io.mig.core.spi.BindingGateway;

/** {@code mig.v0_1.Events}: PUBLISH and the server-streaming SUBSCRIBE (SPEC §4.9). */
final class EventsRpc extends EventsGrpc.EventsImplBase {
    private final BindingGateway gateway;
    private final OpenStreams open;
    private final EventProtos protos = new EventProtos(); // one conversion per event for all subscribers

    EventsRpc(BindingGateway gateway, OpenStreams open) {
        this.gateway = gateway;
        this.open = open;
    }

    @Override
    public void publish(PublishRequest request, StreamObserver<PublishAck> out) {
        Unary.answer(out, "publish", gateway.errors(),
                () -> ProtoModel.publish(gateway.publish(CallMetadata.call(), ProtoModel.publish(request))));
    }

    @Override
    public void subscribe(SubscribeRequest request, StreamObserver<EventMessage> out) {
        new SubscribeCall(gateway, open, protos, CallMetadata.call(), (ServerCallStreamObserver<EventMessage>) out).start(request);
    }
}
