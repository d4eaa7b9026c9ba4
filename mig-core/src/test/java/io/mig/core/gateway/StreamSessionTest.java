package io.mig.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.json.MigJson;
import io.mig.core.model.EventMessage;
import io.mig.core.model.FrameKind;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.StreamFrame;
import io.mig.core.model.SubscribeRequest;
import io.mig.core.model.Binding;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Credentials;
import io.mig.core.port.in.Principal;
import io.mig.core.port.out.GatewayMetrics;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The core's multiplexed stream session and the subscription lifecycle, driven through a recording sink. */
class StreamSessionTest {
    private static final String HELD = "test.session.held";
    private static final String ECHO = "test.session.echo";
    private static final ConnectionLabels LABELS = new ConnectionLabels("test", "test_stream", "test_gauge");

    private final Fixtures.Pending held = new Fixtures.Pending();
    private final Map<String, AtomicInteger> gauges = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> expiresAt = new AtomicReference<>();
    private final MigGateway gateway = MigGateway.builder()
            .authenticator(credentials -> new Principal("alice", "acme", Set.of(), false, true, expiresAt.get()))
            .metrics(new GatewayMetrics() {
                @Override
                public void activeStreams(String type, int delta) {
                    gauges.computeIfAbsent(type, t -> new AtomicInteger()).addAndGet(delta);
                }
            })
            .capability(Fixtures.capability(HELD), held)
            .capability(Fixtures.capability(ECHO), new Fixtures.Echo())
            .build();
    private final RecordingSink sink = new RecordingSink();
    private final CallContext call = new CallContext(Binding.HTTP, new Credentials("token", null, null), "10.0.0.1:1");

    @AfterEach
    void close() {
        held.futures.forEach(f -> f.complete(MigJson.object()));
        gateway.close();
    }

    @Test
    void aDuplicateOfARunningStreamIdIsRefusedAndTheIdIsFreeAgainOnceItEnded() throws Exception {
        StreamSession session = gateway.openStreamSession(call, LABELS, 4, sink);
        session.onFrame(request("one", HELD), null);
        session.onFrame(request("one", HELD), null);

        StreamFrame refused = sink.next();
        assertThat(refused.kind()).isEqualTo(FrameKind.ERROR);
        assertThat(refused.streamId()).isEqualTo("one");
        assertThat(refused.error().code().name()).isEqualTo("MIG_INVALID_REQUEST");
        assertThat(held.calls()).isEqualTo(1);
        assertThat(session.runningStreams()).isEqualTo(1);

        held.futures.get(0).complete(MigJson.object().put("done", true));
        StreamFrame answer = sink.next();
        assertThat(answer.kind()).isEqualTo(FrameKind.RESPONSE);
        assertThat(answer.endStream()).isTrue();
        assertThat(idle(session)).as("no stream left running").isTrue();
        session.onFrame(request("one", HELD), null);
        assertThat(held.calls()).isEqualTo(2);
    }

    @Test
    void duplicatesSentFromManyThreadsAtOnceStartOneStream() throws Exception {
        StreamSession session = gateway.openStreamSession(call, LABELS, 64, sink);
        CountDownLatch go = new CountDownLatch(1);
        Thread[] threads = new Thread[8];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                session.onFrame(request("same", HELD), null);
            });
            threads[i].start();
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        assertThat(held.calls()).isEqualTo(1);
        for (int i = 0; i < threads.length - 1; i++) {
            assertThat(sink.next().error().code().name()).isEqualTo("MIG_INVALID_REQUEST");
        }
    }

    @Test
    void aMissingStreamIdDefaultsToTheMessageIdAndTheLimitPerConnectionHolds() throws Exception {
        StreamSession session = gateway.openStreamSession(call, LABELS, 1, sink);
        session.onFrame(new StreamFrame(MessageHeader.empty().withMessageId("m-1"), null, HELD, FrameKind.REQUEST,
                MigJson.object(), false, null), null);
        session.onFrame(request("two", HELD), null);
        StreamFrame refused = sink.next();
        assertThat(refused.streamId()).isEqualTo("two");
        assertThat(refused.error().code().name()).isEqualTo("MIG_BACKPRESSURE");
        assertThat(held.calls()).isEqualTo(1);

        held.futures.get(0).complete(MigJson.object());
        assertThat(sink.next().streamId()).isEqualTo("stream-m-1");
    }

    @Test
    void aCancelFrameTargetsTheStreamAndAnythingElseIsAnErrorFrame() throws Exception {
        StreamSession session = gateway.openStreamSession(call, LABELS, 4, sink);
        session.onFrame(request("victim", HELD), null);
        session.onFrame(new StreamFrame(null, "victim", null, FrameKind.CONTROL,
                MigJson.object().put("action", "cancel").put("reason", "enough"), false, null), null);
        StreamFrame first = sink.next();
        StreamFrame second = sink.next();
        StreamFrame ack = first.kind() == FrameKind.CONTROL ? first : second;
        StreamFrame ended = first.kind() == FrameKind.CONTROL ? second : first;
        assertThat(ack.payload().path("accepted").asBoolean()).isTrue();
        assertThat(ended.streamId()).isEqualTo("victim");
        assertThat(ended.error().details().path("cancelled").asBoolean()).as(ended.toString()).isTrue();
        assertThat(ended.endStream()).isTrue();
        assertThat(idle(session)).as("no stream left running").isTrue();

        session.onFrame(new StreamFrame(null, "x", null, FrameKind.RESPONSE, null, false, null), null);
        assertThat(sink.next().error().code().name()).isEqualTo("MIG_INVALID_REQUEST");
    }

    @Test
    void aRunningStreamEndsWithUnauthorizedWhenTheCredentialsExpire() throws Exception {
        expiresAt.set(Instant.now().plusMillis(300));
        StreamSession session = gateway.openStreamSession(call, LABELS, 4, sink);
        session.onFrame(request("long", HELD), null);
        long started = System.nanoTime();

        StreamFrame last = sink.next();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("not before expiry").isGreaterThanOrEqualTo(150);
        assertThat(last.kind()).isEqualTo(FrameKind.ERROR);
        assertThat(last.streamId()).isEqualTo("long");
        assertThat(last.endStream()).isTrue();
        assertThat(last.error().code().name()).isEqualTo("MIG_UNAUTHORIZED");
        assertThat(held.contexts.get(0).cancellation().isCancelled()).as("the provider is told to stop").isTrue();
        assertThat(idle(session)).as("no stream left running").isTrue();
        assertThat(gateway.inFlight()).isZero();
        assertThat(sink.frames.poll(100, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void closingTheSessionLeavesTheViewAndTheGaugeAndCancelsTheExpiryTimer() throws Exception {
        expiresAt.set(Instant.now().plusSeconds(3600));
        int before = gateway.pendingTimers();
        StreamSession session = gateway.openStreamSession(call, LABELS, 4, sink);
        assertThat(gateway.connections().list()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("test_stream");
            assertThat(c.tenantId()).isEqualTo("acme");
            assertThat(c.remoteAddr()).isEqualTo("10.0.0.1:1");
        });
        assertThat(gauges.get("test_gauge").get()).isEqualTo(1);
        assertThat(gateway.pendingTimers()).isEqualTo(before + 1);

        session.onFrame(request("running", HELD), null);
        session.close();
        session.close();
        assertThat(gateway.connections().list()).isEmpty();
        assertThat(gauges.get("test_gauge").get()).isZero();
        assertThat(gateway.pendingTimers()).as("the expiry (and the stream's deadline) timers are gone").isEqualTo(before);
        assertThat(held.contexts.get(0).cancellation().isCancelled()).as("the running stream is cancelled").isTrue();
    }

    @Test
    void aHalfClosedSessionCompletesOnceItsLastStreamEnded() throws Exception {
        StreamSession session = gateway.openStreamSession(call, LABELS, 4, sink);
        session.onFrame(request("last", HELD), null);
        session.halfClose();
        assertThat(sink.completed.getCount()).isEqualTo(1);
        held.futures.get(0).complete(MigJson.object());
        assertThat(sink.next().endStream()).isTrue();
        assertThat(sink.completed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(gateway.connections().list()).isEmpty();
    }

    @Test
    void aSubscriptionEndsWithUnauthorizedAtExpiryAndReleasesItsCall() throws Exception {
        expiresAt.set(Instant.now().plusMillis(300));
        EventSubscription subscription = gateway.openSubscription(call, new SubscribeRequest(null, "a.topic", "c-1", null,
                null), LABELS);
        assertThat(subscription.caller().tenantId()).isEqualTo("acme");
        BlockingQueue<Throwable> ended = new LinkedBlockingQueue<>();
        subscription.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(16);
            }

            @Override
            public void onNext(EventMessage item) {
            }

            @Override
            public void onError(Throwable throwable) {
                ended.add(throwable);
            }

            @Override
            public void onComplete() {
                ended.add(new AssertionError("completed"));
            }
        });
        Throwable error = ended.poll(10, TimeUnit.SECONDS);
        assertThat(error).isInstanceOf(io.mig.core.error.MigException.class);
        assertThat(((io.mig.core.error.MigException) error).code().name()).isEqualTo("MIG_UNAUTHORIZED");
        assertThat(gateway.connections().list()).isEmpty();
        assertThat(gauges.get("test_gauge").get()).isZero();
    }

    @Test
    void aSubscriptionWhoseSubscriberLeavesCancelsItsExpiryTimer() throws Exception {
        expiresAt.set(Instant.now().plusSeconds(3600));
        int before = gateway.pendingTimers();
        EventSubscription subscription = gateway.openSubscription(call, new SubscribeRequest(null, "a.topic", "c-1", "0",
                null), LABELS);
        assertThat(gateway.pendingTimers()).isEqualTo(before + 1);
        assertThat(gateway.connections().list()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("test_stream");
            assertThat(c.meta()).containsEntry("topic", "a.topic").containsEntry("consumer_id", "c-1")
                    .containsEntry("resume_cursor", "0");
        });
        AtomicReference<Flow.Subscription> held = new AtomicReference<>();
        subscription.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                held.set(s);
            }

            @Override
            public void onNext(EventMessage item) {
            }

            @Override
            public void onError(Throwable throwable) {
            }

            @Override
            public void onComplete() {
            }
        });
        held.get().cancel();
        assertThat(gateway.pendingTimers()).isEqualTo(before);
        assertThat(gateway.connections().list()).isEmpty();
        assertThat(gauges.get("test_gauge").get()).isZero();
        subscription.close(); // idempotent
        assertThat(gauges.get("test_gauge").get()).isZero();
    }

    /** The last frame goes out just before its stream leaves the session: wait for that briefly. */
    private static boolean idle(StreamSession session) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (session.runningStreams() > 0 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        return session.runningStreams() == 0;
    }

    private static StreamFrame request(String streamId, String capability) {
        return new StreamFrame(null, streamId, capability, FrameKind.REQUEST, MigJson.object(), false, null);
    }

    /** Takes every frame at once and records it. */
    private static final class RecordingSink implements FrameSink {
        final BlockingQueue<StreamFrame> frames = new LinkedBlockingQueue<>();
        final CountDownLatch completed = new CountDownLatch(1);

        @Override
        public void send(StreamFrame frame, Runnable written) {
            frames.add(frame);
            written.run();
        }

        @Override
        public void complete() {
            completed.countDown();
        }

        StreamFrame next() throws InterruptedException {
            StreamFrame frame = frames.poll(10, TimeUnit.SECONDS);
            assertThat(frame).as("a frame within 10 s").isNotNull();
            return frame;
        }
    }
}
