package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.mig.binding.grpc.v0_1.EventsGrpc;
import io.mig.binding.grpc.v0_1.SubscribeRequest;
import io.mig.core.json.MigJson;
import io.mig.core.model.Binding;
import io.mig.core.model.PublishRequest;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Credentials;
import io.mig.core.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Event fan-out to many subscribers of one topic (SPEC §3.4, issue #12 item 2), over real sockets:
 * a subscriber that stops reading holds up nobody else, every subscriber gets every event in
 * sequence order without a gap, and a subscriber that hangs up is released without an event to
 * notice it by.
 */
class EventFanoutTest {
    /** Over 10 MB per subscriber: more than loopback socket buffers on both sides take. */
    private static final int EVENTS = 320;
    private static final String BLOB = "x".repeat(32 * 1024);

    @RegisterExtension
    static final MigdExtension server = MigdExtension.inProcess().grpc()
            .env("MIGD_EVENT_RETENTION_BYTES", "67108864").build();
    private static GrpcClient grpc;

    @BeforeAll
    static void start() {
        grpc = new GrpcClient(server, "acme", null);
    }

    @AfterAll
    static void stop() {
        grpc.close();
    }

    /** Published in-process: the publisher's own HTTP round trips are not what this is about. */
    private static void publishAll(String topic) {
        var gateway = server.migd().gateway();
        CallContext call = CallContext.of(Binding.HTTP, Credentials.tenant("acme"));
        for (int i = 0; i < EVENTS; i++) {
            gateway.publish(call, new PublishRequest(null, topic, null, MigJson.object().put("n", i).put("blob", BLOB)));
        }
    }

    private static void awaitSubscriptions(String kind, int count) {
        awaitSubscriptions(kind, count, () -> "");
    }

    /** The same; {@code more} adds what the callers know (e.g. how their calls ended) to a failure. */
    private static void awaitSubscriptions(String kind, int count, Supplier<String> more) {
        Await.until(Duration.ofSeconds(10), () -> subscriptions(kind) == count,
                () -> count + " " + kind + " connections (the last look saw " + subscriptions(kind) + ")" + more.get());
    }

    private static int subscriptions(String kind) {
        return server.get("/admin/v0.1/connections?kind=" + kind + "&tenant_id=acme").json().path("connections").size();
    }

    private static void assertEveryEventInOrder(SseClient client) throws InterruptedException {
        for (int expected = 1; expected <= EVENTS; expected++) {
            SseClient.Event event = client.next();
            assertThat(event.type()).isEqualTo("mig-event");
            assertThat(event.id()).as("the event after %d", expected - 1).isEqualTo(Long.toString(expected));
            assertThat(event.json().path("payload").path("n").asInt()).isEqualTo(expected - 1);
        }
    }

    @Test
    void anSseSubscriberThatStopsReadingDelaysNoOtherAndEveryoneGetsEveryEventInOrder() throws Exception {
        String topic = "fanout.sse";
        Map<String, String> acme = Map.of("X-Tenant-ID", "acme");
        SseClient stalled = SseClient.getPaused(server.uri("/mig/v0.1/subscribe/" + topic), acme);
        List<SseClient> readers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                readers.add(SseClient.get(server.uri("/mig/v0.1/subscribe/" + topic), acme));
            }
            awaitSubscriptions("sse_subscribe", 4);
            publishAll(topic);
            for (SseClient reader : readers) {
                assertEveryEventInOrder(reader);
            }
            // the readers have it all while the stalled subscriber has not read a byte: its full socket
            // held up none of their writes; and it was not cut off, its queue (1,024) holds the rest
            assertThat(stalled.poll(0)).isNull();
            stalled.resume();
            assertEveryEventInOrder(stalled);
        } finally {
            stalled.close();
            readers.forEach(SseClient::close);
        }
        awaitSubscriptions("sse_subscribe", 0);
    }

    @Test
    void anSseSubscriberThatHangsUpIsReleasedWithoutAnEventToNoticeItBy() throws Exception {
        double before = activeSseStreams();
        SseClient client = SseClient.get(server.uri("/mig/v0.1/subscribe/fanout.quiet"), Map.of("X-Tenant-ID", "acme"));
        Await.until(Duration.ofSeconds(5), () -> activeSseStreams() == before + 1, "the subscription counted");
        client.close();
        // nothing is published to the topic: only the connection can tell that the client left
        Await.until(Duration.ofSeconds(3), () -> activeSseStreams() == before, "the subscription released");
        awaitSubscriptions("sse_subscribe", 0);
    }

    private static double activeSseStreams() {
        PrometheusText metrics = PrometheusText.parse(server.get("/metrics").body());
        return metrics.has("mig_gateway_active_streams", Map.of("type", "sse"))
                ? metrics.value("mig_gateway_active_streams", Map.of("type", "sse")) : 0;
    }

    @Test
    void aGrpcSubscriberThatStopsReadingDelaysNoOtherAndEveryoneGetsEveryEventInOrder() throws Exception {
        String topic = "fanout.grpc";
        GrpcSubscriber stalled = new GrpcSubscriber(topic, false);
        List<GrpcSubscriber> readers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                readers.add(new GrpcSubscriber(topic, true));
            }
            List<GrpcSubscriber> all = new ArrayList<>(readers);
            all.add(stalled);
            awaitSubscriptions("event_subscribe", 4, () -> "; the calls: " + all.stream().map(GrpcSubscriber::state).toList());
            publishAll(topic);
            for (GrpcSubscriber reader : readers) {
                reader.assertEveryEventInOrder();
            }
            assertThat(stalled.events).isEmpty();
            stalled.call.request(Integer.MAX_VALUE);
            stalled.assertEveryEventInOrder();
        } finally {
            stalled.call.cancel("done", null);
            readers.forEach(reader -> reader.call.cancel("done", null));
        }
        awaitSubscriptions("event_subscribe", 0);
    }

    /** A raw gRPC Subscribe call that reads (or, until asked, does not read) its events. */
    private static final class GrpcSubscriber {
        final ClientCall<SubscribeRequest, io.mig.binding.grpc.v0_1.EventMessage> call =
                grpc.channel().newCall(EventsGrpc.getSubscribeMethod(), io.grpc.CallOptions.DEFAULT);
        final BlockingQueue<io.mig.binding.grpc.v0_1.EventMessage> events = new LinkedBlockingQueue<>();
        volatile Status closed;

        GrpcSubscriber(String topic, boolean reading) {
            call.start(new ClientCall.Listener<>() {
                @Override
                public void onMessage(io.mig.binding.grpc.v0_1.EventMessage message) {
                    events.add(message);
                }

                @Override
                public void onClose(Status status, Metadata trailers) {
                    closed = status;
                }
            }, grpc.metadata());
            call.sendMessage(SubscribeRequest.newBuilder().setTopic(topic).build());
            call.halfClose();
            if (reading) {
                call.request(Integer.MAX_VALUE);
            }
        }

        /** "open", or how the call ended (a refused subscription says why). */
        String state() {
            Status status = closed;
            return status == null ? "open" : status.getCode() + " " + status.getDescription();
        }

        void assertEveryEventInOrder() throws InterruptedException {
            for (int expected = 1; expected <= EVENTS; expected++) {
                var event = events.poll(10, TimeUnit.SECONDS);
                assertThat(event).as("event %d within 10 s", expected).isNotNull();
                assertThat(event.getSequence()).isEqualTo(expected);
                Struct payload = event.getPayload();
                assertThat(payload.getFieldsOrDefault("n", Value.getDefaultInstance()).getNumberValue()).isEqualTo(expected - 1);
            }
        }
    }
}
