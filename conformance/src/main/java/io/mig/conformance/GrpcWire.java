package io.mig.conformance;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.mig.binding.grpc.v0_1.ControlGrpc;
import io.mig.binding.grpc.v0_1.DiscoveryGrpc;
import io.mig.binding.grpc.v0_1.EventsGrpc;
import io.mig.binding.grpc.v0_1.InvocationGrpc;
import java.util.concurrent.TimeUnit;

/** A plaintext gRPC channel to a gateway, with the MIG auth metadata on every call. */
final class GrpcWire implements AutoCloseable {
    static final Metadata.Key<String> MIG_ERROR = Metadata.Key.of("mig-error", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel channel;
    private final Metadata metadata = new Metadata();
    private final String tenant;

    /** @param address {@code host:port} */
    GrpcWire(String address, String tenant, String token) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("-addr '" + address + "' is not host:port");
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-addr '" + address + "' has no numeric port");
        }
        this.channel = NettyChannelBuilder.forAddress(address.substring(0, colon), port).usePlaintext().build();
        this.tenant = tenant;
        if (tenant != null && !tenant.isEmpty()) {
            metadata.put(Metadata.Key.of("x-tenant-id", Metadata.ASCII_STRING_MARSHALLER), tenant);
        }
        if (token != null && !token.isEmpty()) {
            metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        }
    }

    String tenant() {
        return tenant;
    }

    private <S extends AbstractStub<S>> S attach(S stub) {
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
    }

    DiscoveryGrpc.DiscoveryBlockingStub discovery() {
        return attach(DiscoveryGrpc.newBlockingStub(channel)).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    InvocationGrpc.InvocationBlockingStub invocation() {
        return attach(InvocationGrpc.newBlockingStub(channel)).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    InvocationGrpc.InvocationStub invocationAsync() {
        return attach(InvocationGrpc.newStub(channel)).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    EventsGrpc.EventsBlockingStub events() {
        return attach(EventsGrpc.newBlockingStub(channel)).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    EventsGrpc.EventsStub eventsAsync() {
        return attach(EventsGrpc.newStub(channel));
    }

    ControlGrpc.ControlBlockingStub control() {
        return attach(ControlGrpc.newBlockingStub(channel)).withDeadlineAfter(10, TimeUnit.SECONDS);
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
