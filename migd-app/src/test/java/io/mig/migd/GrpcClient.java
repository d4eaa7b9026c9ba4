package io.mig.migd;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.mig.binding.grpc.GrpcBinding;
import io.mig.binding.grpc.v0_1.ControlGrpc;
import io.mig.binding.grpc.v0_1.DiscoveryGrpc;
import io.mig.binding.grpc.v0_1.EventsGrpc;
import io.mig.binding.grpc.v0_1.InvocationGrpc;
import io.mig.binding.grpc.v0_1.MigError;
import io.mig.binding.grpc.v0_1.MigErrorCode;
import io.mig.core.json.MigJson;
import java.util.concurrent.TimeUnit;

/** A real grpc-java client of a {@link MigdServer}'s gRPC binding, with the MIG auth metadata. */
final class GrpcClient implements AutoCloseable {
    static final Metadata.Key<String> MIG_ERROR = Metadata.Key.of("mig-error", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<MigError> MIG_ERROR_BIN = Metadata.Key.of("mig-error-bin",
            ProtoUtils.metadataMarshaller(MigError.getDefaultInstance()));

    private final ManagedChannel channel;
    private final Metadata metadata = new Metadata();

    /** A plaintext client. */
    GrpcClient(MigdServer server, String tenant, String token) {
        this(NettyChannelBuilder.forAddress("127.0.0.1", port(server)).usePlaintext().build(), tenant, token);
    }

    /** A client with these channel credentials, e.g. {@code TlsChannelCredentials} trusting a test certificate. */
    GrpcClient(MigdServer server, ChannelCredentials credentials, String tenant, String token) {
        this(NettyChannelBuilder.forAddress("127.0.0.1", port(server), credentials).build(), tenant, token);
    }

    private GrpcClient(ManagedChannel channel, String tenant, String token) {
        this.channel = channel;
        if (tenant != null) {
            metadata.put(Metadata.Key.of("x-tenant-id", Metadata.ASCII_STRING_MARSHALLER), tenant);
        }
        if (token != null) {
            metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        }
    }

    static int port(MigdServer server) {
        return server.migd().binding(GrpcBinding.class).orElseThrow().port();
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

    /** The {@code mig-error-bin} trailer of a failed call, decoded with the generated parser. */
    static MigError migErrorBin(StatusRuntimeException e) {
        return e.getTrailers() == null ? null : e.getTrailers().get(MIG_ERROR_BIN);
    }

    /** The {@code mig-error} JSON trailer as the protobuf {@code MigError}, to compare with {@link #migErrorBin}. */
    static MigError migErrorFromJson(StatusRuntimeException e) throws Exception {
        JsonNode json = MigJson.mapper().readTree(migError(e));
        MigError.Builder error = MigError.newBuilder().setCode(MigErrorCode.valueOf(json.path("code").asText()))
                .setMessage(json.path("message").asText()).setRetryable(json.path("retryable").asBoolean());
        if (json.path("details").isObject()) {
            error.setDetails(value(json.path("details")).getStructValue());
        }
        return error.build();
    }

    private static Value value(JsonNode node) {
        Value.Builder value = Value.newBuilder();
        if (node.isObject()) {
            Struct.Builder struct = Struct.newBuilder();
            node.properties().forEach(field -> struct.putFields(field.getKey(), value(field.getValue())));
            return value.setStructValue(struct).build();
        }
        if (node.isArray()) {
            ListValue.Builder list = ListValue.newBuilder();
            node.forEach(element -> list.addValues(value(element)));
            return value.setListValue(list).build();
        }
        if (node.isNumber()) {
            return value.setNumberValue(node.doubleValue()).build();
        }
        if (node.isBoolean()) {
            return value.setBoolValue(node.booleanValue()).build();
        }
        return node.isNull() ? value.setNullValue(NullValue.NULL_VALUE).build() : value.setStringValue(node.asText()).build();
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
