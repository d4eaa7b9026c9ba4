package io.mig.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.binding.http.HttpBinding;
import io.mig.binding.http.HttpOptions;
import io.mig.core.testing.Await;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SUBSCRIBE over SSE (SPEC §3.4) with the client's reconnection: every sequence exactly once and in
 * order across dropped connections, a restarted listener, and a gateway that cuts off a slow reader.
 */
class SubscribeTest {
    private static final String TOPIC = "acme.client.events";
    private static final Reconnect QUICK = Reconnect.defaults().initialDelay(Duration.ofMillis(20)).maxDelay(Duration.ofMillis(300));

    private EmbeddedGateway gateway;
    private MigClient client;

    @BeforeEach
    void start() {
        gateway = new EmbeddedGateway();
        client = client(gateway.port());
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private static MigClient client(int port) {
        return MigClient.builder().baseUrl("http://127.0.0.1:" + port).tenant("acme").reconnect(QUICK).build();
    }

    private void publish(MigClient via, long from, long to) {
        for (long n = from; n <= to; n++) {
            assertThat(via.publish(TOPIC, Map.of("n", n)).sequence()).isEqualTo(n);
        }
    }

    private static List<Long> sequences(Recorder<MigEvent> events) {
        return events.items.stream().map(MigEvent::sequence).toList();
    }

    private static List<Long> oneTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    private static void awaitCount(Recorder<MigEvent> events, int count) {
        Await.until(Duration.ofSeconds(30), () -> events.items.size() >= count || events.error.get() != null,
                () -> count + " events, got " + sequences(events) + ", error " + events.error.get());
        assertThat(events.error.get()).isNull();
    }

    @Test
    void retainedEventsFirstThenLiveOnes() {
        publish(client, 1, 3);
        Recorder<MigEvent> events = Recorder.unbounded();
        client.subscribe(TOPIC).subscribe(events);
        awaitCount(events, 3);
        publish(client, 4, 5);
        awaitCount(events, 5);
        assertThat(sequences(events)).containsExactlyElementsOf(oneTo(5));
        assertThat(events.items.subList(0, 3)).allMatch(MigEvent::replay);
        assertThat(events.items.subList(3, 5)).noneMatch(MigEvent::replay);
        assertThat(events.items.get(4).payload().path("n").asLong()).isEqualTo(5);
        assertThat(events.items.get(4).topic()).isEqualTo(TOPIC);
        events.cancel();
    }

    @Test
    void resumeAfterSkipsWhatTheCallerAlreadyHas() {
        publish(client, 1, 4);
        Recorder<MigEvent> events = Recorder.unbounded();
        client.subscribe(TOPIC, SubscribeOptions.defaults().resumeAfter(2).consumerId("resumer")).subscribe(events);
        awaitCount(events, 2);
        assertThat(sequences(events)).containsExactly(3L, 4L);
        events.cancel();
    }

    @Test
    void cancellingTheSubscriptionClosesTheConnection() {
        HttpBinding http = gateway.http();
        Recorder<MigEvent> events = Recorder.unbounded();
        client.subscribe(TOPIC).subscribe(events);
        Await.until(Duration.ofSeconds(10), () -> http.openStreams() == 1, () -> "the subscription open on the gateway");
        events.cancel();
        Await.until(Duration.ofSeconds(10), () -> http.openStreams() == 0, () -> "the gateway seeing the connection closed");
        publish(client, 1, 1);
        assertThat(events.items).isEmpty();
        assertThat(events.error.get()).isNull();
    }

    @Test
    void droppedConnectionsAreResumedWithoutLossOrDuplicates() throws Exception {
        try (CuttingProxy proxy = new CuttingProxy(gateway.port())) {
            Recorder<MigEvent> events = Recorder.unbounded();
            client(proxy.port()).subscribe(TOPIC).subscribe(events);
            Await.until(Duration.ofSeconds(10), () -> proxy.accepted() == 1, () -> "the first connection");
            long total = 200;
            Thread publisher = new Thread(() -> {
                for (long n = 1; n <= total; n++) {
                    client.publish(TOPIC, Map.of("n", n));
                    if (n % 10 == 0) {
                        sleep(5);
                    }
                }
            });
            publisher.start();
            for (int cut = 1; cut <= 4; cut++) {
                int seen = events.items.size();
                // cut while events are flowing: wait for some to arrive on this connection first
                Await.until(Duration.ofSeconds(20), () -> events.items.size() > seen || !publisher.isAlive(), () -> "progress");
                proxy.cutAll();
                sleep(30);
            }
            publisher.join();
            awaitCount(events, (int) total);
            sleep(200); // a duplicate would arrive now
            assertThat(sequences(events)).containsExactlyElementsOf(oneTo(total));
            assertThat(proxy.accepted()).as("connections through the proxy").isGreaterThanOrEqualTo(5);
            events.cancel();
        }
    }

    @Test
    void aRestartedListenerIsResumedWithWhatWasPublishedDuringTheOutage() {
        // a second listener on the same gateway state, as a second migd instance: it publishes while the first is down
        HttpBinding other = HttpBinding.builder(gateway.gateway())
                .options(HttpOptions.defaults().withHost("127.0.0.1").withPort(0)).build();
        other.start();
        try {
            MigClient publisher = client(other.port());
            Recorder<MigEvent> events = Recorder.unbounded();
            client.subscribe(TOPIC, SubscribeOptions.defaults().reconnect(QUICK.maxAttempts(100))).subscribe(events);
            publish(publisher, 1, 5);
            awaitCount(events, 5);

            gateway.stopHttp();
            publish(publisher, 6, 10);
            sleep(500); // the subscriber finds the port closed for a while
            gateway.startHttp();
            // the new connection asks for what came after the last event delivered, not for everything
            Await.until(Duration.ofSeconds(20), () -> gateway.gateway().connections().list().stream()
                    .anyMatch(c -> "5".equals(c.meta().get("resume_cursor"))), () -> "a subscription resuming after 5, open: "
                    + gateway.gateway().connections().list());
            publish(publisher, 11, 15);

            awaitCount(events, 15);
            sleep(200);
            assertThat(sequences(events)).containsExactlyElementsOf(oneTo(15));
            assertThat(events.items.get(5).replay()).as("event 6 came from the log after the restart").isTrue();
            events.cancel();
        } finally {
            other.stop(Duration.ZERO);
        }
    }

    @Test
    void aSubscriberCutOffForBeingSlowResumesFromItsLastSequence() throws Exception {
        try (CuttingProxy proxy = new CuttingProxy(gateway.port())) {
            Recorder<MigEvent> events = new Recorder<>(0); // reads nothing until asked
            client(proxy.port()).subscribe(TOPIC, SubscribeOptions.defaults().maxInflight(2)).subscribe(events);
            Await.until(Duration.ofSeconds(10), () -> gateway.http().openStreams() == 1, () -> "the subscription open");
            String filler = "x".repeat(64 * 1024);
            long total = 400; // 25 MB: more than every socket buffer between the gateway and the subscriber holds
            for (long n = 1; n <= total; n++) {
                client.publish(TOPIC, Map.of("n", n, "filler", filler));
            }
            events.request(Long.MAX_VALUE);
            awaitCount(events, (int) total);
            sleep(200);
            assertThat(sequences(events)).containsExactlyElementsOf(oneTo(total));
            assertThat(proxy.accepted()).as("a reconnection after MIG_BACKPRESSURE (nothing else cut the connection)")
                    .isGreaterThanOrEqualTo(2);
            assertThat(events.deliveredBeyondDemand()).isFalse();
            events.cancel();
        }
    }

    @Test
    void aSubscriberThatThrowsEndsItsSubscription() {
        publish(client, 1, 2);
        java.util.concurrent.atomic.AtomicReference<Throwable> ended = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
        client.subscribe(TOPIC).subscribe(new java.util.concurrent.Flow.Subscriber<MigEvent>() {
            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                s.request(10);
            }

            @Override
            public void onNext(MigEvent event) {
                received.incrementAndGet();
                throw new IllegalStateException("subscriber bug");
            }

            @Override
            public void onError(Throwable throwable) {
                ended.set(throwable);
            }

            @Override
            public void onComplete() {
            }
        });
        Await.until(Duration.ofSeconds(10), () -> ended.get() != null, () -> "onError after the subscriber threw");
        assertThat(ended.get()).hasMessage("subscriber bug");
        Await.until(Duration.ofSeconds(10), () -> gateway.http().openStreams() == 0, () -> "the connection closed");
        assertThat(received).hasValue(1);
    }

    @Test
    void aRefusalEndsTheSubscriptionWithoutRetrying() throws Exception {
        Recorder<MigEvent> events = Recorder.unbounded();
        client.subscribe("notnamespaced").subscribe(events);
        assertThat(events.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(events.error.get()).isInstanceOf(MigInvalidRequestException.class);
        assertThat(((MigClientException) events.error.get()).httpStatus()).isEqualTo(400);
    }

    @Test
    void aGatewayThatStaysAwayEndsTheSubscriptionAfterTheLastAttempt() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Recorder<MigEvent> events = Recorder.unbounded();
        client(closed).subscribe(TOPIC, SubscribeOptions.defaults().reconnect(QUICK.maxAttempts(3))).subscribe(events);
        assertThat(events.awaitTermination(Duration.ofSeconds(20))).isTrue();
        assertThat(events.error.get()).isInstanceOf(MigTransportException.class);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
