package io.mig.conformance;

import static io.mig.conformance.Check.expect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.mig.binding.grpc.v0_1.BindingType;
import io.mig.binding.grpc.v0_1.CancelRequest;
import io.mig.binding.grpc.v0_1.CapabilityDescriptor;
import io.mig.binding.grpc.v0_1.DiscoverRequest;
import io.mig.binding.grpc.v0_1.EventMessage;
import io.mig.binding.grpc.v0_1.FrameKind;
import io.mig.binding.grpc.v0_1.HeartbeatRequest;
import io.mig.binding.grpc.v0_1.HelloRequest;
import io.mig.binding.grpc.v0_1.InvocationMode;
import io.mig.binding.grpc.v0_1.InvokeRequest;
import io.mig.binding.grpc.v0_1.MessageHeader;
import io.mig.binding.grpc.v0_1.MigError;
import io.mig.binding.grpc.v0_1.MigErrorCode;
import io.mig.binding.grpc.v0_1.PublishRequest;
import io.mig.binding.grpc.v0_1.StreamFrame;
import io.mig.binding.grpc.v0_1.SubscribeRequest;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The checks of {@code mig-grpc-smoke}: every RPC of {@code mig.v0_1} once, and the error model. */
final class GrpcChecks {
    private static final String DEMO = "observatory.models.infer";
    private static final ObjectMapper JSON = new ObjectMapper();

    private GrpcChecks() {
    }

    static List<Check<GrpcWire>> all() {
        return List.of(
                new Check<>("Hello negotiates 0.1 on grpc", "core", GrpcChecks::hello),
                new Check<>("Discover lists capabilities", "core", GrpcChecks::discover),
                new Check<>("Invoke answers", "core", GrpcChecks::invoke),
                new Check<>("StreamInvoke streams with server_stream preference", "core", GrpcChecks::streamInvoke),
                new Check<>("Publish then Subscribe with replay", "evented", GrpcChecks::publishSubscribe),
                new Check<>("Cancel is acknowledged", "core", GrpcChecks::cancel),
                new Check<>("Heartbeat suggests an interval", "core", GrpcChecks::heartbeat),
                new Check<>("unknown capability is NOT_FOUND with its MIG error trailers", "core", GrpcChecks::unknownCapability));
    }

    private static String hello(GrpcWire wire) throws Exception {
        var a = wire.discovery().hello(HelloRequest.newBuilder().addSupportedVersions("0.1")
                .addRequestedBindings(BindingType.BINDING_TYPE_GRPC).build());
        expect("0.1".equals(a.getSelectedVersion()), "selected_version " + a.getSelectedVersion());
        expect(a.getSelectedBinding() == BindingType.BINDING_TYPE_GRPC, "selected_binding " + a.getSelectedBinding());
        expect(a.getHeader().getTenantId().equals(wire.tenant()), "tenant not echoed");
        expect(!a.getHeader().getMessageId().isEmpty(), "no message_id");
        return "server " + a.getServerId();
    }

    private static String discover(GrpcWire wire) throws Exception {
        var a = wire.discovery().discover(DiscoverRequest.getDefaultInstance());
        for (CapabilityDescriptor c : a.getCapabilitiesList()) {
            expect(!c.getId().isEmpty() && !c.getVersion().isEmpty() && c.getModesCount() > 0, "incomplete descriptor " + c.getId());
        }
        return a.getCapabilitiesCount() + " capabilities";
    }

    private static String invoke(GrpcWire wire) throws Exception {
        String capability = capability(wire, InvocationMode.INVOCATION_MODE_UNARY);
        var a = wire.invocation().invoke(InvokeRequest.newBuilder().setCapability(capability).setPayload(input()).build());
        expect(capability.equals(a.getCapability()), "capability not echoed");
        expect(!a.getHeader().getMessageId().isEmpty(), "no message_id");
        return capability + " -> " + a.getPayload().getFieldsCount() + " fields";
    }

    private static String streamInvoke(GrpcWire wire) throws Exception {
        String capability = capability(wire, InvocationMode.INVOCATION_MODE_SERVER_STREAM);
        Collector<StreamFrame> frames = new Collector<>();
        StreamObserver<StreamFrame> send = wire.invocationAsync().streamInvoke(frames);
        Struct meta = Struct.newBuilder().putFields("mig.stream_preference",
                Value.newBuilder().setStringValue("server_stream").build()).build();
        send.onNext(StreamFrame.newBuilder().setKind(FrameKind.FRAME_KIND_REQUEST).setStreamId("smoke-1")
                .setCapability(capability).setHeader(MessageHeader.newBuilder().setMeta(meta)).setPayload(input()).build());
        int count = 0;
        StreamFrame frame;
        do {
            frame = frames.next();
            count++;
            expect(frame.getKind() == FrameKind.FRAME_KIND_RESPONSE, "frame " + frame.getKind() + " " + frame.getError().getMessage());
            expect("smoke-1".equals(frame.getStreamId()), "stream_id " + frame.getStreamId());
        } while (!frame.getEndStream());
        send.onCompleted();
        Status end = frames.end();
        expect(end.isOk(), "call ended " + end);
        return capability + ": " + count + " frames";
    }

    private static String publishSubscribe(GrpcWire wire) throws Exception {
        String topic = "smoke.grpc-" + UUID.randomUUID().toString().substring(0, 8);
        var ack = wire.events().publish(PublishRequest.newBuilder().setTopic(topic).setPayload(input()).build());
        expect(ack.getAccepted() && ack.getSequence() == 1, "publish ack " + ack.getSequence());
        Collector<EventMessage> events = new Collector<>();
        Context.CancellableContext context = Context.current().withCancellation();
        try {
            context.run(() -> wire.eventsAsync().subscribe(SubscribeRequest.newBuilder().setTopic(topic)
                    .setResumeCursor("0").build(), events));
            EventMessage replayed = events.next();
            expect(replayed.getSequence() == 1 && replayed.getReplay(), "first event is not the replayed one");
            wire.events().publish(PublishRequest.newBuilder().setTopic(topic).setPayload(input()).build());
            EventMessage live = events.next();
            expect(live.getSequence() == 2 && !live.getReplay(), "second event is not live sequence 2");
        } finally {
            context.cancel(null);
        }
        return topic + ": replay + live";
    }

    private static String cancel(GrpcWire wire) throws Exception {
        var a = wire.control().cancel(CancelRequest.newBuilder().setTargetMessageId("smoke-" + UUID.randomUUID())
                .setReason("mig-grpc-smoke").build());
        expect(a.getAccepted(), "not accepted");
        expect("recorded".equals(a.getStatus()) || "cancelled".equals(a.getStatus()), "status " + a.getStatus());
        return a.getStatus();
    }

    private static String heartbeat(GrpcWire wire) throws Exception {
        var a = wire.control().heartbeat(HeartbeatRequest.newBuilder().setIntervalMs(5000).build());
        expect(a.getSuggestedIntervalMs() == 5000, "suggested_interval_ms " + a.getSuggestedIntervalMs());
        return "load " + a.getLoadFactor();
    }

    private static String unknownCapability(GrpcWire wire) throws Exception {
        try {
            wire.invocation().invoke(InvokeRequest.newBuilder().setCapability("smoke.no-such-capability").build());
        } catch (StatusRuntimeException e) {
            expect(e.getStatus().getCode() == Status.Code.NOT_FOUND, "status " + e.getStatus().getCode());
            String description = String.valueOf(e.getStatus().getDescription());
            expect(description.startsWith("MIG_UNSUPPORTED_CAPABILITY"), "description " + description);
            return "NOT_FOUND, " + trailers(e, MigErrorCode.MIG_UNSUPPORTED_CAPABILITY);
        }
        throw new Check.Failed("an unknown capability was answered");
    }

    /**
     * SPEC §1.4: the full MIG error in {@code mig-error-bin} or as JSON in {@code mig-error}; at
     * least one must be there, with the expected code, and when both are, they must agree.
     */
    private static String trailers(StatusRuntimeException e, MigErrorCode expected) throws Exception {
        Metadata trailers = e.getTrailers() == null ? new Metadata() : e.getTrailers();
        String json = trailers.get(GrpcWire.MIG_ERROR);
        MigError binary = trailers.get(GrpcWire.MIG_ERROR_BIN);
        expect(json != null || binary != null, "neither mig-error nor mig-error-bin");
        MigError fromJson = null;
        if (json != null) {
            try {
                fromJson = migError(JSON.readTree(json));
            } catch (IOException | IllegalArgumentException bad) {
                throw new Check.Failed("mig-error is not a MIG error: " + json);
            }
            expect(fromJson.getCode() == expected, "mig-error code " + fromJson.getCode());
        }
        if (binary != null) {
            expect(binary.getCode() == expected, "mig-error-bin code " + binary.getCode());
        }
        if (json == null || binary == null) {
            return json == null ? "mig-error-bin only" : "mig-error only";
        }
        expect(binary.equals(fromJson), "mig-error-bin " + binary + " differs from mig-error " + json);
        return "mig-error and mig-error-bin agree";
    }

    /** The JSON form of a MIG error as the protobuf one ({@code details} numbers become doubles, as in a Struct). */
    private static MigError migError(JsonNode json) {
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

    /** The demo capability when present, else the first one with {@code mode}. */
    private static String capability(GrpcWire wire, InvocationMode mode) throws Check.Failed {
        String fallback = null;
        for (CapabilityDescriptor c : wire.discovery().discover(DiscoverRequest.getDefaultInstance()).getCapabilitiesList()) {
            if (c.getId().equals(DEMO)) {
                return DEMO;
            }
            if (fallback == null && c.getModesList().contains(mode)) {
                fallback = c.getId();
            }
        }
        if (fallback == null) {
            throw new Check.Failed("no capability with mode " + mode);
        }
        return fallback;
    }

    private static Struct input() {
        return Struct.newBuilder().putFields("input", Value.newBuilder().setStringValue("mig grpc smoke").build()).build();
    }

    /** What a streaming call sent, and how it ended. */
    private static final class Collector<T> implements StreamObserver<T> {
        private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();

        @Override
        public void onNext(T value) {
            queue.add(value);
        }

        @Override
        public void onError(Throwable t) {
            queue.add(Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            queue.add(Status.OK);
        }

        @SuppressWarnings("unchecked")
        T next() throws Exception {
            Object item = queue.poll(5, TimeUnit.SECONDS);
            if (item == null) {
                throw new Check.Failed("nothing within 5 s");
            }
            if (item instanceof Status status) {
                throw new Check.Failed("the call ended: " + status);
            }
            return (T) item;
        }

        Status end() throws Exception {
            Object item = queue.poll(5, TimeUnit.SECONDS);
            if (item instanceof Status status) {
                return status;
            }
            throw new Check.Failed("the call did not end: " + item);
        }
    }
}
