package io.mig.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.ChannelCredentials;
import io.grpc.Context;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.mig.binding.grpc.v0_1.CancelRequest;
import io.mig.binding.grpc.v0_1.ControlGrpc;
import io.mig.binding.grpc.v0_1.DiscoverRequest;
import io.mig.binding.grpc.v0_1.DiscoveryGrpc;
import io.mig.binding.grpc.v0_1.EventMessage;
import io.mig.binding.grpc.v0_1.EventsGrpc;
import io.mig.binding.grpc.v0_1.HeartbeatRequest;
import io.mig.binding.grpc.v0_1.HelloRequest;
import io.mig.binding.grpc.v0_1.InvocationGrpc;
import io.mig.binding.grpc.v0_1.InvokeRequest;
import io.mig.binding.grpc.v0_1.MigError;
import io.mig.binding.grpc.v0_1.PublishRequest;
import io.mig.binding.grpc.v0_1.StreamFrame;
import io.mig.binding.grpc.v0_1.SubscribeRequest;
import io.mig.conformance.kit.MigWire;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * MIG over gRPC ({@code mig.v0_1}) for the kit: a channel (plaintext or TLS) to a gateway, the
 * envelope converted to the RPC's message by {@link ProtoJson}, the tenant as {@code x-tenant-id}
 * metadata and the token as {@code authorization}. A failed RPC's answer is the MIG error of its
 * trailers, after checking SPEC §1.4's form: the description starts with the code, and when both
 * {@code mig-error} and {@code mig-error-bin} are present they agree.
 */
final class GrpcWire implements MigWire {
    static final Metadata.Key<String> MIG_ERROR = Metadata.Key.of("mig-error", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<MigError> MIG_ERROR_BIN = Metadata.Key.of("mig-error-bin",
            ProtoUtils.metadataMarshaller(MigError.getDefaultInstance()));
    private static final Metadata.Key<String> TENANT = Metadata.Key.of("x-tenant-id", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long CALL_SECONDS = 30;

    private final ManagedChannel channel;
    private final Credentials defaults;

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
        this.defaults = new Credentials(tenant == null || tenant.isEmpty() ? null : tenant,
                token == null || token.isEmpty() ? null : token);
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
        return defaults.tenantHeader();
    }

    @Override
    public String name() {
        return "grpc";
    }

    @Override
    public String binding() {
        return "grpc";
    }

    @Override
    public Credentials defaults() {
        return defaults;
    }

    @Override
    public boolean errorsCarryHeader() {
        return false;
    }

    private <S extends AbstractStub<S>> S attach(S stub, Credentials credentials) {
        Metadata metadata = new Metadata();
        if (credentials.tenantHeader() != null) {
            metadata.put(TENANT, credentials.tenantHeader());
        }
        if (credentials.token() != null) {
            metadata.put(AUTHORIZATION, "Bearer " + credentials.token());
        }
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
    }

    private DiscoveryGrpc.DiscoveryBlockingStub discovery(Call call) {
        return attach(DiscoveryGrpc.newBlockingStub(channel), call.credentials()).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
    }

    private InvocationGrpc.InvocationBlockingStub invocation(Call call) {
        return attach(InvocationGrpc.newBlockingStub(channel), call.credentials()).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
    }

    private EventsGrpc.EventsBlockingStub events(Call call) {
        return attach(EventsGrpc.newBlockingStub(channel), call.credentials()).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
    }

    private ControlGrpc.ControlBlockingStub control(Call call) {
        return attach(ControlGrpc.newBlockingStub(channel), call.credentials()).withDeadlineAfter(CALL_SECONDS, TimeUnit.SECONDS);
    }

    @FunctionalInterface
    private interface Rpc {
        com.google.protobuf.MessageOrBuilder call() throws Exception;
    }

    /** One unary RPC: its answer as JSON, or the MIG error of its trailers. */
    private static Outcome unary(Rpc rpc) throws Exception {
        try {
            return new Outcome(ProtoJson.json(rpc.call()), "OK");
        } catch (StatusRuntimeException e) {
            return new Outcome(errorEnvelope(e.getStatus(), e.getTrailers()), e.getStatus().getCode().name(),
                    Map.of("description", String.valueOf(e.getStatus().getDescription())));
        }
    }

    @Override
    public Outcome hello(Call call) throws Exception {
        HelloRequest request = ProtoJson.merge(call.body(), HelloRequest.newBuilder()).build();
        return unary(() -> discovery(call).hello(request));
    }

    @Override
    public Outcome discover(Call call) throws Exception {
        DiscoverRequest request = ProtoJson.merge(call.body(), DiscoverRequest.newBuilder()).build();
        return unary(() -> discovery(call).discover(request));
    }

    @Override
    public Outcome invoke(Call call) throws Exception {
        InvokeRequest request = ProtoJson.merge(call.body(), InvokeRequest.newBuilder()).build();
        return unary(() -> invocation(call).invoke(request));
    }

    @Override
    public Outcome cancel(Call call) throws Exception {
        CancelRequest request = ProtoJson.merge(call.body(), CancelRequest.newBuilder()).build();
        return unary(() -> control(call).cancel(request));
    }

    @Override
    public Outcome publish(Call call) throws Exception {
        PublishRequest request = ProtoJson.merge(call.body(), PublishRequest.newBuilder()).build();
        return unary(() -> events(call).publish(request));
    }

    @Override
    public Outcome heartbeat(Call call) throws Exception {
        HeartbeatRequest request = ProtoJson.merge(call.body(), HeartbeatRequest.newBuilder()).build();
        return unary(() -> control(call).heartbeat(request));
    }

    /** StreamInvoke with one request frame asking for {@code server_stream} in {@code header.meta} (SPEC §3.5). */
    @Override
    public Frames invokeStream(Call call) throws Exception {
        ObjectNode frame = call.body().deepCopy();
        ObjectNode header = frame.has("header") ? (ObjectNode) frame.get("header") : frame.putObject("header");
        (header.has("meta") ? (ObjectNode) header.get("meta") : header.putObject("meta"))
                .put("mig.stream_preference", "server_stream");
        frame.put("kind", "request").put("stream_id", "kit-" + header.path("message_id").asText("stream"));
        StreamFrame request = ProtoJson.merge(frame, StreamFrame.newBuilder()).build();
        Queue<StreamFrame> received = new Queue<>();
        Context.CancellableContext context = Context.current().withCancellation();
        StreamObserver<StreamFrame> send = context.call(() ->
                attach(InvocationGrpc.newStub(channel), call.credentials()).streamInvoke(received));
        send.onNext(request);
        return new Frames() {
            private boolean over;

            @Override
            public JsonNode next(Duration timeout) throws Exception {
                if (over) {
                    return null;
                }
                Object item = received.poll(timeout);
                if (item instanceof StreamFrame f) {
                    return ProtoJson.json(f);
                }
                over = item != null;
                if (item instanceof Ended ended && !ended.status().isOk()) {
                    ObjectNode error = errorEnvelope(ended.status(), ended.trailers());
                    error.put("kind", "error").put("end_stream", true);
                    return error;
                }
                return null;
            }

            @Override
            public void close() {
                context.cancel(null);
            }
        };
    }

    @Override
    public Events subscribe(Call call) throws Exception {
        SubscribeRequest request = ProtoJson.merge(call.body(), SubscribeRequest.newBuilder()).build();
        Queue<EventMessage> received = new Queue<>();
        Context.CancellableContext context = Context.current().withCancellation();
        context.run(() -> attach(EventsGrpc.newStub(channel), call.credentials()).subscribe(request, received));
        return new Events() {
            private boolean over;

            @Override
            public JsonNode next(Duration timeout) throws Exception {
                if (over) {
                    return null;
                }
                Object item = received.poll(timeout);
                if (item instanceof EventMessage e) {
                    return ProtoJson.json(e);
                }
                over = item != null;
                return item instanceof Ended ended && !ended.status().isOk() ? errorEnvelope(ended.status(), ended.trailers()) : null;
            }

            @Override
            public void close() {
                context.cancel(null);
            }
        };
    }

    /**
     * SPEC §1.4 on gRPC: the MIG error as an envelope ({@code {"error": …}}; gRPC errors carry no
     * header), from {@code mig-error-bin} or {@code mig-error}.
     *
     * @throws IllegalStateException when the status breaks the form: no trailer, a description
     *     that does not start with the code, or two trailers that disagree
     */
    static ObjectNode errorEnvelope(Status status, Metadata trailers) {
        Metadata all = trailers == null ? new Metadata() : trailers;
        String json = all.get(MIG_ERROR);
        MigError binary = all.get(MIG_ERROR_BIN);
        if (json == null && binary == null) {
            throw new IllegalStateException("gRPC " + status.getCode() + " (" + status.getDescription()
                    + ") carries neither mig-error nor mig-error-bin");
        }
        ObjectNode error;
        try {
            error = binary != null ? ProtoJson.json(binary) : (ObjectNode) JSON.readTree(json);
            if (json != null && binary != null) {
                MigError fromJson = ProtoJson.merge(JSON.readTree(json), MigError.newBuilder()).build();
                if (!fromJson.equals(binary)) {
                    throw new IllegalStateException("mig-error-bin " + binary + " differs from mig-error " + json);
                }
            }
        } catch (IOException | MigWire.NotApplicable | ClassCastException e) {
            throw new IllegalStateException("mig-error is not a MIG error: " + json);
        }
        String code = error.path("code").asText();
        if (status.getDescription() == null || !status.getDescription().startsWith(code + ":")) {
            throw new IllegalStateException("the status description '" + status.getDescription() + "' does not start with " + code);
        }
        ObjectNode envelope = JSON.createObjectNode();
        envelope.set("error", error);
        return envelope;
    }

    /** How a streaming call ended. */
    private record Ended(Status status, Metadata trailers) {
    }

    /** What a streaming call sent, then how it ended. */
    private static final class Queue<T> implements StreamObserver<T> {
        private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();

        @Override
        public void onNext(T value) {
            items.add(value);
        }

        @Override
        public void onError(Throwable t) {
            items.add(new Ended(Status.fromThrowable(t), Status.trailersFromThrowable(t)));
        }

        @Override
        public void onCompleted() {
            items.add(new Ended(Status.OK, null));
        }

        Object poll(Duration timeout) throws InterruptedException {
            return items.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
