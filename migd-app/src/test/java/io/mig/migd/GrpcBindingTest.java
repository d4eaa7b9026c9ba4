package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.mig.binding.grpc.v0_1.BindingType;
import io.mig.binding.grpc.v0_1.CancelRequest;
import io.mig.binding.grpc.v0_1.DiscoverRequest;
import io.mig.binding.grpc.v0_1.FrameKind;
import io.mig.binding.grpc.v0_1.HeartbeatRequest;
import io.mig.binding.grpc.v0_1.HelloRequest;
import io.mig.binding.grpc.v0_1.InvokeRequest;
import io.mig.binding.grpc.v0_1.InvokeResponse;
import io.mig.binding.grpc.v0_1.MessageHeader;
import io.mig.binding.grpc.v0_1.MigErrorCode;
import io.mig.binding.grpc.v0_1.PublishRequest;
import io.mig.binding.grpc.v0_1.StreamFrame;
import io.mig.binding.grpc.v0_1.SubscribeRequest;
import io.mig.core.json.MigJson;
import io.mig.core.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The gRPC binding end to end: a real migd with {@code MIGD_GRPC_ADDR=127.0.0.1:0} and a real grpc-java client. */
class GrpcBindingTest {
    private static final String DEMO = "observatory.models.infer";
    private static final String HELD = "tests.grpc.held";
    @RegisterExtension
    static final MigdExtension server = MigdExtension.inProcess().grpc().build();
    private static CountingProvider held;
    private static GrpcClient client;

    @BeforeAll
    static void start() {
        held = new CountingProvider();
        server.migd().gateway().register(CountingProvider.descriptor(HELD), held);
        client = new GrpcClient(server, "acme", null);
    }

    @AfterAll
    static void stop() {
        client.close();
        held.release();
    }

    static Struct struct(String key, String value) {
        return Struct.newBuilder().putFields(key, Value.newBuilder().setStringValue(value).build()).build();
    }

    static Struct streamingMeta() {
        return struct("mig.stream_preference", "server_stream");
    }

    @Test
    void helloDiscoverHeartbeatAndPublishAnswer() {
        var hello = client.discovery().hello(HelloRequest.newBuilder().addSupportedVersions("0.1")
                .addRequestedBindings(BindingType.BINDING_TYPE_GRPC).build());
        assertThat(hello.getSelectedVersion()).isEqualTo("0.1");
        assertThat(hello.getSelectedBinding()).isEqualTo(BindingType.BINDING_TYPE_GRPC);
        assertThat(hello.getHeader().getTenantId()).isEqualTo("acme");
        assertThat(hello.getEnabledFeaturesList()).contains("streaming");

        var discovered = client.discovery().discover(DiscoverRequest.newBuilder().setQuery("observatory").build());
        assertThat(discovered.getCapabilitiesList()).extracting(c -> c.getId()).containsExactly(DEMO);
        assertThat(discovered.getCapabilities(0).getQos().getMaxPayloadBytes()).isPositive();

        var ack = client.control().heartbeat(HeartbeatRequest.newBuilder().setIntervalMs(100).build());
        assertThat(ack.getSuggestedIntervalMs()).isEqualTo(1000);

        var published = client.events().publish(PublishRequest.newBuilder().setTopic("grpc.test.hello")
                .setPayload(struct("n", "1")).build());
        assertThat(published.getAccepted()).isTrue();
        assertThat(published.getSequence()).isEqualTo(1);
    }

    @Test
    void invokeAnswersAndKeepsNumbersIntegral() {
        Struct payload = struct("input", "hello grpc").toBuilder()
                .putFields("n", Value.newBuilder().setNumberValue(3).build()).build();
        InvokeResponse response = client.invocation().invoke(InvokeRequest.newBuilder().setCapability(HELD)
                .setPayload(payload).build());
        assertThat(response.getCapability()).isEqualTo(HELD);
        assertThat(response.getResultSchemaUri()).isEqualTo("schema://test/out");
        assertThat(response.getPayload().getFieldsOrThrow("tenant").getStringValue()).isEqualTo("acme");
        var echo = response.getPayload().getFieldsOrThrow("echo").getStructValue();
        assertThat(echo.getFieldsOrThrow("n").getNumberValue()).isEqualTo(3.0);
        assertThat(response.getHeader().getMessageId()).isNotEmpty();
    }

    @Test
    void unknownCapabilityIsNotFoundWithTheMigErrorTrailer() throws Exception {
        StatusRuntimeException e = (StatusRuntimeException) org.assertj.core.api.Assertions.catchThrowable(() ->
                client.invocation().invoke(InvokeRequest.newBuilder().setCapability("nope.nothing").build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(e.getStatus().getDescription()).startsWith("MIG_UNSUPPORTED_CAPABILITY: ");
        JsonNode error = MigJson.mapper().readTree(GrpcClient.migError(e));
        assertThat(error.path("code").asText()).isEqualTo("MIG_UNSUPPORTED_CAPABILITY");
        assertThat(error.path("retryable").asBoolean(true)).isFalse();
    }

    @Test
    void theGrpcCallDeadlineBoundsTheInvocation() throws InterruptedException {
        awaitNoneInFlight();
        long before = System.nanoTime();
        assertThatThrownBy(() -> client.invocation().withDeadlineAfter(300, TimeUnit.MILLISECONDS)
                .invoke(InvokeRequest.newBuilder().setCapability(HELD).setPayload(holdPayload()).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        // the core ended the held provider call on the gRPC deadline (the header asked for the default 30 s)
        awaitNoneInFlight();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).isLessThan(2_000);
    }

    @Test
    void streamInvokeStreamsTokensAndKeepsTheCallOpenAfterABadFrame() throws Exception {
        GrpcFrames<StreamFrame> frames = new GrpcFrames<>();
        StreamObserver<StreamFrame> send = client.invocationAsync().streamInvoke(frames);
        send.onNext(StreamFrame.newBuilder().setStreamId("bad").build()); // no kind
        StreamFrame error = frames.next();
        assertThat(error.getKind()).isEqualTo(FrameKind.FRAME_KIND_ERROR);
        assertThat(error.getError().getCode()).isEqualTo(MigErrorCode.MIG_INVALID_REQUEST);

        send.onNext(StreamFrame.newBuilder().setKind(FrameKind.FRAME_KIND_REQUEST).setStreamId("s1").setCapability(DEMO)
                .setHeader(MessageHeader.newBuilder().setMeta(streamingMeta()))
                .setPayload(struct("input", "one two three")).build());
        send.onNext(StreamFrame.newBuilder().setKind(FrameKind.FRAME_KIND_REQUEST).setStreamId("s2").setCapability(DEMO)
                .setPayload(struct("input", "unary")).build());
        List<StreamFrame> s1 = new ArrayList<>();
        List<StreamFrame> s2 = new ArrayList<>();
        while (s1.isEmpty() || !s1.get(s1.size() - 1).getEndStream() || s2.isEmpty()) {
            StreamFrame frame = frames.next();
            (frame.getStreamId().equals("s1") ? s1 : s2).add(frame);
        }
        assertThat(s1).extracting(f -> f.getPayload().getFieldsMap().containsKey("token")
                        ? f.getPayload().getFieldsOrThrow("token").getStringValue() : "end")
                .containsExactly("one", "two", "three", "end");
        assertThat(s1.get(3).getPayload().getFieldsOrThrow("result").getStringValue()).isEqualTo("one two three");
        assertThat(s2).hasSize(1);
        assertThat(s2.get(0).getKind()).isEqualTo(FrameKind.FRAME_KIND_RESPONSE);
        assertThat(s2.get(0).getEndStream()).isTrue();
        send.onCompleted();
        assertThat(frames.status().getCode()).isEqualTo(Status.Code.OK);
    }

    @Test
    void aControlFrameCancelsARunningStream() throws Exception {
        GrpcFrames<StreamFrame> frames = new GrpcFrames<>();
        StreamObserver<StreamFrame> send = client.invocationAsync().streamInvoke(frames);
        send.onNext(StreamFrame.newBuilder().setKind(FrameKind.FRAME_KIND_REQUEST).setStreamId("held-1")
                .setCapability(HELD).setPayload(holdPayload()).build());
        awaitInFlight(1);
        send.onNext(StreamFrame.newBuilder().setKind(FrameKind.FRAME_KIND_CONTROL).setStreamId("held-1")
                .setPayload(struct("action", "cancel")).build());
        StreamFrame first = frames.next();
        StreamFrame second = frames.next();
        StreamFrame ack = first.getKind() == FrameKind.FRAME_KIND_CONTROL ? first : second;
        StreamFrame ended = ack == first ? second : first;
        assertThat(ack.getPayload().getFieldsOrThrow("accepted").getBoolValue()).isTrue();
        assertThat(ack.getPayload().getFieldsOrThrow("status").getStringValue()).isEqualTo("cancelled");
        assertThat(ended.getKind()).isEqualTo(FrameKind.FRAME_KIND_ERROR);
        assertThat(ended.getError().getCode()).isEqualTo(MigErrorCode.MIG_TIMEOUT);
        assertThat(ended.getError().getDetails().getFieldsOrThrow("cancelled").getBoolValue()).isTrue();
        send.onCompleted();
        assertThat(frames.status().getCode()).isEqualTo(Status.Code.OK);
    }

    @Test
    void aClientThatCancelsStreamInvokeLeavesTheConnectionView() throws Exception {
        GrpcFrames<StreamFrame> frames = new GrpcFrames<>();
        io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
        StreamObserver<StreamFrame> send = context.call(() -> client.invocationAsync().streamInvoke(frames));
        send.onNext(StreamFrame.newBuilder().setKind(FrameKind.FRAME_KIND_REQUEST).setStreamId("gone")
                .setCapability(HELD).setPayload(holdPayload()).build());
        awaitConnections("stream_invoke", 1);
        assertThat(connections("stream_invoke").get(0).path("tenant_id").asText()).isEqualTo("acme");
        context.cancel(null);
        Await.until(Duration.ofSeconds(1), () -> connections("stream_invoke").isEmpty(), "no stream_invoke connection left");
        awaitNoneInFlight(); // and the held provider call was abandoned with it
    }

    private static void awaitNoneInFlight() {
        Await.until(Duration.ofSeconds(2), () -> server.migd().gateway().inFlight() == 0, "no invocation in flight");
    }

    @Test
    void cancelRpcRecordsAMessageId() {
        var ack = client.control().cancel(CancelRequest.newBuilder().setTargetMessageId("grpc-never-sent").build());
        assertThat(ack.getAccepted()).isTrue();
        assertThat(ack.getStatus()).isEqualTo("recorded");
        assertThatThrownBy(() -> client.invocation().invoke(InvokeRequest.newBuilder().setCapability(HELD)
                .setHeader(MessageHeader.newBuilder().setMessageId("grpc-never-sent")).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    }

    @Test
    void subscribeReplaysThenGoesLiveAndLeavesTheConnectionViewOnClientCancel() throws Exception {
        String topic = "grpc.test.replay";
        client.events().publish(PublishRequest.newBuilder().setTopic(topic).setPayload(struct("n", "a")).build());
        client.events().publish(PublishRequest.newBuilder().setTopic(topic).setPayload(struct("n", "b")).build());
        GrpcFrames<io.mig.binding.grpc.v0_1.EventMessage> events = new GrpcFrames<>();
        io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
        context.run(() -> client.eventsAsync().subscribe(SubscribeRequest.newBuilder().setTopic(topic)
                .setResumeCursor("0").setConsumerId("grpc-test").build(), events));
        var first = events.next();
        assertThat(first.getSequence()).isEqualTo(1);
        assertThat(first.getReplay()).isTrue();
        assertThat(events.next().getSequence()).isEqualTo(2);
        assertThat(connections("event_subscribe")).hasSize(1);
        client.events().publish(PublishRequest.newBuilder().setTopic(topic).setPayload(struct("n", "c")).build());
        var live = events.next();
        assertThat(live.getSequence()).isEqualTo(3);
        assertThat(live.getReplay()).isFalse();
        assertThat(live.getPayload().getFieldsOrThrow("n").getStringValue()).isEqualTo("c");

        context.cancel(null);
        Await.until(Duration.ofSeconds(1), () -> connections("event_subscribe").isEmpty(), "no event_subscribe connection left");
    }

    @Test
    void subscribeTakesTheTenantFromTheRequestHeaderAsHttpDoes() throws Exception {
        String topic = "grpc.test.header-tenant";
        client.events().publish(PublishRequest.newBuilder().setTopic(topic).setPayload(struct("n", "acme's")).build());
        try (GrpcClient noMetadata = new GrpcClient(server, null, null)) {
            GrpcFrames<io.mig.binding.grpc.v0_1.EventMessage> events = new GrpcFrames<>();
            io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
            context.run(() -> noMetadata.eventsAsync().subscribe(SubscribeRequest.newBuilder()
                    .setHeader(MessageHeader.newBuilder().setTenantId("acme")).setTopic(topic).setResumeCursor("0").build(),
                    events));
            var first = events.next();
            assertThat(first.getSequence()).isEqualTo(1);
            assertThat(first.getPayload().getFieldsOrThrow("n").getStringValue()).isEqualTo("acme's");
            assertThat(connections("event_subscribe")).anySatisfy(c -> assertThat(c.path("tenant_id").asText()).isEqualTo("acme"));
            context.cancel(null);
        }
    }

    @Test
    void aSubscriberThatStopsReadingIsCutOffWithResourceExhausted() throws Exception {
        String topic = "grpc.test.slow";
        io.grpc.ClientCall<SubscribeRequest, io.mig.binding.grpc.v0_1.EventMessage> call = client.channel().newCall(
                io.mig.binding.grpc.v0_1.EventsGrpc.getSubscribeMethod(), io.grpc.CallOptions.DEFAULT);
        java.util.concurrent.CompletableFuture<io.grpc.Metadata> trailers = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Status> status = new java.util.concurrent.CompletableFuture<>();
        call.start(new io.grpc.ClientCall.Listener<>() {
            @Override
            public void onClose(Status s, io.grpc.Metadata t) {
                trailers.complete(t);
                status.complete(s);
            }
        }, client.metadata());
        call.sendMessage(SubscribeRequest.newBuilder().setTopic(topic).setMaxInflight(4).build());
        call.halfClose();
        awaitConnections("event_subscribe", 1);
        String big = "x".repeat(16 * 1024);
        for (int i = 0; i < 200 && !status.isDone(); i++) { // the client reads nothing: transport windows fill up
            client.events().publish(PublishRequest.newBuilder().setTopic(topic).setPayload(struct("blob", big)).build());
        }
        call.request(Integer.MAX_VALUE); // now read everything, down to the end of the call
        assertThat(status.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        JsonNode error = MigJson.mapper().readTree(trailers.get().get(GrpcClient.MIG_ERROR));
        assertThat(error.path("code").asText()).isEqualTo("MIG_BACKPRESSURE");
        assertThat(error.path("details").path("last_sequence").asLong()).isPositive();
        var binary = trailers.get().get(GrpcClient.MIG_ERROR_BIN);
        assertThat(binary.getCode()).as("mig-error-bin").isEqualTo(MigErrorCode.MIG_BACKPRESSURE);
        assertThat((long) binary.getDetails().getFieldsOrThrow("last_sequence").getNumberValue())
                .isEqualTo(error.path("details").path("last_sequence").asLong());
        awaitConnections("event_subscribe", 0);
    }

    private static Struct holdPayload() {
        return Struct.newBuilder().putFields("hold", Value.newBuilder().setBoolValue(true).build()).build();
    }

    private static void awaitInFlight(int n) {
        Await.until(Duration.ofSeconds(5), () -> server.migd().gateway().inFlight() >= n, () -> n + " invocations in flight");
    }

    private static void awaitConnections(String kind, int n) {
        Await.until(Duration.ofSeconds(5), () -> connections(kind).size() == n, () -> n + " " + kind + " connections");
    }

    private static List<JsonNode> connections(String kind) {
        JsonNode all = server.get("/admin/v0.1/connections").json();
        List<JsonNode> found = new ArrayList<>();
        (all.isArray() ? all : all.path("connections")).forEach(c -> {
            if (c.path("protocol").asText().equals("grpc") && c.path("kind").asText().equals(kind)) {
                found.add(c);
            }
        });
        return found;
    }
}
