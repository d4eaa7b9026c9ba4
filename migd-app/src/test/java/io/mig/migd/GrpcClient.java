package io.mig.migd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    GrpcClient(TestGateway server, String tenant, String token) {
        this(NettyChannelBuilder.forAddress("127.0.0.1", port(server)).usePlaintext().build(), tenant, token);
    }

    /** A plaintext client of a gRPC listener on this local port (a migd without HTTP, say). */
    GrpcClient(int port, String tenant, String token) {
        this(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build(), tenant, token);
    }

    /** A client with these channel credentials, e.g. {@code TlsChannelCredentials} trusting a test certificate. */
    GrpcClient(TestGateway server, ChannelCredentials credentials, String tenant, String token) {
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

    static int port(TestGateway server) {
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

    /**
     * The {@code mig-error-bin} trailer as JSON, converted here independently of the binding's own
     * code so that comparing it with {@link #migError} checks the binding. Integral numbers become
     * integers, as the JSON trailer writes them.
     */
    static JsonNode migErrorBinAsJson(StatusRuntimeException e) {
        MigError error = migErrorBin(e);
        ObjectNode json = MigJson.mapper().createObjectNode().put("code", error.getCode().name())
                .put("message", error.getMessage()).put("retryable", error.getRetryable());
        if (error.hasDetails()) {
            json.set("details", json(Value.newBuilder().setStructValue(error.getDetails()).build()));
        }
        return json;
    }

    private static JsonNode json(Value value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (value.getKindCase()) {
            case STRUCT_VALUE: {
                ObjectNode object = nodes.objectNode();
                value.getStructValue().getFieldsMap().forEach((key, field) -> object.set(key, json(field)));
                return object;
            }
            case LIST_VALUE: {
                ArrayNode array = nodes.arrayNode();
                value.getListValue().getValuesList().forEach(element -> array.add(json(element)));
                return array;
            }
            case NUMBER_VALUE: {
                double d = value.getNumberValue();
                return d == Math.rint(d) && Math.abs(d) < 1e15 ? nodes.numberNode((long) d) : nodes.numberNode(d);
            }
            case STRING_VALUE:
                return nodes.textNode(value.getStringValue());
            case BOOL_VALUE:
                return nodes.booleanNode(value.getBoolValue());
            default:
                return nodes.nullNode();
        }
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
