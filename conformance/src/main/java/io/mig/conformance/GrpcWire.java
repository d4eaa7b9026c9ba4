package io.mig.conformance;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.mig.binding.grpc.v0_1.ControlGrpc;
import io.mig.binding.grpc.v0_1.DiscoveryGrpc;
import io.mig.binding.grpc.v0_1.EventsGrpc;
import io.mig.binding.grpc.v0_1.InvocationGrpc;
import io.mig.binding.grpc.v0_1.MigError;
import java.io.File;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** A gRPC channel (plaintext or TLS) to a gateway, with the MIG auth metadata on every call. */
final class GrpcWire implements AutoCloseable {
    static final Metadata.Key<String> MIG_ERROR = Metadata.Key.of("mig-error", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<MigError> MIG_ERROR_BIN = Metadata.Key.of("mig-error-bin",
            ProtoUtils.metadataMarshaller(MigError.getDefaultInstance()));

    private final ManagedChannel channel;
    private final Metadata metadata = new Metadata();
    private final String tenant;

    /** A plaintext channel; {@code address} is {@code host:port}. */
    GrpcWire(String address, String tenant, String token) {
        this(address, tenant, token, InsecureChannelCredentials.create());
    }

    /** A channel with these credentials, e.g. {@link #tls}; {@code address} is {@code host:port}. */
    GrpcWire(String address, String tenant, String token, ChannelCredentials credentials) {
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
        this.channel = NettyChannelBuilder.forAddress(address.substring(0, colon), port, credentials).build();
        this.tenant = tenant;
        if (tenant != null && !tenant.isEmpty()) {
            metadata.put(Metadata.Key.of("x-tenant-id", Metadata.ASCII_STRING_MARSHALLER), tenant);
        }
        if (token != null && !token.isEmpty()) {
            metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        }
    }

    /**
     * TLS credentials that trust the certificates in {@code caFile} (a CA or the server's own
     * certificate, PEM), or the JVM's default trust store when it is null.
     *
     * @throws IllegalArgumentException when the file cannot be read
     */
    static ChannelCredentials tls(String caFile) {
        if (caFile == null) {
            return TlsChannelCredentials.create();
        }
        try {
            return TlsChannelCredentials.newBuilder().trustManager(new File(caFile)).build();
        } catch (IOException e) {
            throw new IllegalArgumentException("-ca: cannot read " + caFile + " (" + e.getMessage() + ")");
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
