package io.mig.migd;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.mig.binding.grpc.GrpcBinding;
import io.mig.binding.grpc.v0_1.ControlGrpc;
import io.mig.binding.grpc.v0_1.DiscoveryGrpc;
import io.mig.binding.grpc.v0_1.EventsGrpc;
import io.mig.binding.grpc.v0_1.InvocationGrpc;
import java.util.concurrent.TimeUnit;

/** A real grpc-java client of a {@link MigdServer}'s gRPC binding, with the MIG auth metadata. */
final class GrpcClient implements AutoCloseable {
    static final Metadata.Key<String> MIG_ERROR = Metadata.Key.of("mig-error", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel channel;
    private final Metadata metadata = new Metadata();

    GrpcClient(MigdServer server, String tenant, String token) {
        int port = server.migd().binding(GrpcBinding.class).orElseThrow().port();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        if (tenant != null) {
            metadata.put(Metadata.Key.of("x-tenant-id", Metadata.ASCII_STRING_MARSHALLER), tenant);
        }
        if (token != null) {
            metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        }
    }

    ManagedChannel channel() {
        return channel;
    }

    Metadata metadata() {
        return metadata;
    }

    private <S extends AbstractStub<S>> S attach(S stub) {
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata)).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    DiscoveryGrpc.DiscoveryBlockingStub discovery() {
        return attach(DiscoveryGrpc.newBlockingStub(channel));
    }

    InvocationGrpc.InvocationBlockingStub invocation() {
        return attach(InvocationGrpc.newBlockingStub(channel));
    }

    InvocationGrpc.InvocationStub invocationAsync() {
        return InvocationGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
    }

    EventsGrpc.EventsBlockingStub events() {
        return attach(EventsGrpc.newBlockingStub(channel));
    }

    EventsGrpc.EventsStub eventsAsync() {
        return EventsGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
    }

    ControlGrpc.ControlBlockingStub control() {
        return attach(ControlGrpc.newBlockingStub(channel));
    }

    /** The {@code mig-error} trailer of a failed call. */
    static String migError(StatusRuntimeException e) {
        return e.getTrailers() == null ? null : e.getTrailers().get(MIG_ERROR);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
