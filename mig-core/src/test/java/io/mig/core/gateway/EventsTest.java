package io.mig.core.gateway;

import static io.mig.core.gateway.Fixtures.payload;
import static io.mig.core.gateway.Fixtures.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.model.EventMessage;
import io.mig.core.model.PublishAck;
import io.mig.core.model.PublishRequest;
import io.mig.core.model.SubscribeRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SPEC §3.4 and §4.9: per-tenant gap-free sequences, replay then live, retention, slow subscribers. */
class EventsTest {
    private MigGateway gateway = MigGateway.builder().build();

    @AfterEach
    void close() {
        gateway.close();
    }

    private PublishAck publish(String tenant, String topic, int n) {
        return gateway.publish(tenant(tenant), new PublishRequest(null, topic, null, payload("n", Integer.toString(n))));
    }

    private Collector subscribe(String tenant, String topic, String cursor, Integer maxInflight, long demand) {
        Collector collector = new Collector(demand);
        gateway.subscribe(tenant(tenant), new SubscribeRequest(null, topic, null, cursor, maxInflight)).subscribe(collector);
        return collector;
    }

    @Test
    void aTenantsNewTopicsAreBoundedWithoutTouchingOtherTenants() {
        for (int i = 0; i < 1_000; i++) {
            publish("beta", "random.t" + i, i);
        }
        assertThatThrownBy(() -> publish("beta", "random.t1000", 0))
                .isInstanceOfSatisfying(MigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MIG_RATE_LIMITED);
                    assertThat(e.retryable()).isFalse();
                });
        assertThat(publish("beta", "random.t7", 0).sequence()).isEqualTo(2);
        assertThat(publish("acme", "random.t1000", 0).sequence()).isEqualTo(1);
    }

    @Test
    void retainedBytesPerTopicAreBounded() throws Exception {
        String large = "x".repeat(900 * 1024);
        for (int i = 0; i < 20; i++) {
            gateway.publish(tenant("acme"), new PublishRequest(null, "big.events", null, payload("blob", large)));
        }
        Collector replay = subscribe("acme", "big.events", "0", null, 100);
        long until = System.nanoTime() + 10_000_000_000L;
        while (!replay.sequences().contains(20L) && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(replay.sequences()).as("the newest event is kept").contains(20L)
                .as("8 MiB per topic by default: not all 20 events of 900 KiB").hasSizeLessThan(10);
    }

    @Test
    void sequencesStartAtOnePerTenantAndTopic() {
        assertThat(publish("acme", "a.events", 0).sequence()).isEqualTo(1);
        assertThat(publish("acme", "a.events", 0).sequence()).isEqualTo(2);
        assertThat(publish("other", "a.events", 0).sequence()).isEqualTo(1);
        assertThat(publish("acme", "b.events", 0).sequence()).isEqualTo(1);
    }

    @Test
    void concurrentPublishersAreDeliveredInSequenceOrderWithNoGap() throws Exception {
        Collector live = subscribe("acme", "load.events", null, 100_000, Long.MAX_VALUE);
        int publishers = 4;
        int each = 500;
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        for (int p = 0; p < publishers; p++) {
            pool.execute(() -> {
                for (int i = 0; i < each; i++) {
                    publish("acme", "load.events", i);
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        live.awaitCount(publishers * each);
        assertThat(live.sequences()).containsExactlyElementsOf(
                LongStream.rangeClosed(1, publishers * each).boxed().toList());
    }

    @Test
    void replayThenLiveHasNoGapAndNoDuplicateWhilePublishingGoesOn() throws Exception {
        for (int i = 0; i < 300; i++) {
            publish("acme", "mixed.events", i);
        }
        CountDownLatch publishing = new CountDownLatch(1);
        Thread publisher = new Thread(() -> {
            publishing.countDown();
            for (int i = 0; i < 700; i++) {
                publish("acme", "mixed.events", i);
            }
        });
        publisher.start();
        publishing.await();
        Collector subscriber = subscribe("acme", "mixed.events", null, 100_000, Long.MAX_VALUE);
        publisher.join();
        subscriber.awaitCount(1000);
        assertThat(subscriber.sequences()).containsExactlyElementsOf(LongStream.rangeClosed(1, 1000).boxed().toList());
        assertThat(subscriber.events.get(0).replay()).isTrue();
        // replayed events come first; once an event is live, no replayed one follows
        int firstLive = subscriber.events.stream().map(EventMessage::replay).toList().indexOf(false);
        if (firstLive >= 0) {
            assertThat(subscriber.events.subList(firstLive, 1000)).allMatch(e -> !e.replay());
        }
    }

    @Test
    void anEventPublishedAfterTheSubscriptionOpenedIsLiveEvenWhenItArrivesInTheFirstRead() throws Exception {
        publish("acme", "opened.events", 1);
        Collector subscriber = subscribe("acme", "opened.events", null, 100, 0); // opened, no demand yet: nothing read
        publish("acme", "opened.events", 2);
        subscriber.request(10);
        subscriber.awaitCount(2);
        assertThat(subscriber.events).extracting(EventMessage::sequence, EventMessage::replay)
                .as("retained when the subscription opened: replay; published after: live")
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, true), org.assertj.core.groups.Tuple.tuple(2L, false));
    }

    @Test
    void aCursorDeliversOnlyLaterEvents() throws Exception {
        for (int i = 0; i < 5; i++) {
            publish("acme", "cursor.events", i);
        }
        Collector subscriber = subscribe("acme", "cursor.events", "3", null, Long.MAX_VALUE);
        subscriber.awaitCount(2);
        publish("acme", "cursor.events", 5);
        subscriber.awaitCount(3);
        assertThat(subscriber.sequences()).containsExactly(4L, 5L, 6L);
        assertThat(subscriber.events.get(2).replay()).isFalse();
    }

    @Test
    void retentionKeepsTheNewestAndOldCursorsStartAtTheOldest() throws Exception {
        gateway.close();
        gateway = MigGateway.builder().limits(GatewayLimits.DEFAULTS.withEventRetention(10)).build();
        for (int i = 0; i < 25; i++) {
            publish("acme", "kept.events", i);
        }
        Collector subscriber = subscribe("acme", "kept.events", "2", null, Long.MAX_VALUE);
        subscriber.awaitCount(10);
        Thread.sleep(100);
        assertThat(subscriber.sequences()).containsExactlyElementsOf(LongStream.rangeClosed(16, 25).boxed().toList());
    }

    @Test
    void subscribersNeverSeeAnotherTenantsEvents() throws Exception {
        Collector acme = subscribe("acme", "shared.topic", null, null, Long.MAX_VALUE);
        publish("other", "shared.topic", 1);
        publish("acme", "shared.topic", 2);
        acme.awaitCount(1);
        Thread.sleep(100);
        assertThat(acme.events).singleElement().satisfies(e -> {
            assertThat(e.header().tenantId()).isEqualTo("acme");
            assertThat(e.payload().get("n").asText()).isEqualTo("2");
        });
    }

    @Test
    void aSlowSubscriberIsCutOffWithItsLastSequenceAndPublishersNeverWait() throws Exception {
        Collector slow = subscribe("acme", "fast.events", null, 5, 2);
        Collector healthy = subscribe("acme", "fast.events", null, null, Long.MAX_VALUE);
        Thread.sleep(100); // both are following live events now
        long start = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            publish("acme", "fast.events", i);
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
        healthy.awaitCount(50);
        slow.request(100);
        assertThat(slow.done.await(5, TimeUnit.SECONDS)).isTrue();
        MigException error = MigException.from(slow.error.get());
        assertThat(error.code()).isEqualTo(ErrorCode.MIG_BACKPRESSURE);
        long last = error.details().get("last_sequence").asLong();
        assertThat(slow.sequences()).isNotEmpty();
        assertThat(slow.sequences().get(slow.sequences().size() - 1)).isEqualTo(last);
        assertThat(slow.sequences()).containsExactlyElementsOf(LongStream.rangeClosed(1, last).boxed().toList());
        assertThat(healthy.error.get()).isNull();
    }

    @Test
    void replayIsPacedByDemandAndNeverCountsAsBackpressure() throws Exception {
        for (int i = 0; i < 40; i++) {
            publish("acme", "paced.events", i);
        }
        Collector paced = subscribe("acme", "paced.events", null, 3, 5);
        paced.awaitCount(5);
        Thread.sleep(100);
        assertThat(paced.events).hasSize(5);
        paced.request(35);
        paced.awaitCount(40);
        assertThat(paced.error.get()).isNull();
        assertThat(paced.sequences()).containsExactlyElementsOf(LongStream.rangeClosed(1, 40).boxed().toList());
    }

    @Test
    void badCursorsAndTopicsAreRefusedBeforeStreaming() {
        assertThatThrownBy(() -> subscribe("acme", "a.b", "-1", null, 1))
                .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_INVALID_REQUEST));
        assertThatThrownBy(() -> subscribe("acme", "a.b", "abc", null, 1)).isInstanceOf(MigException.class);
        assertThatThrownBy(() -> subscribe("acme", "a.>", null, null, 1)).isInstanceOf(MigException.class);
        assertThatThrownBy(() -> subscribe("acme", "single", null, null, 1)).isInstanceOf(MigException.class);
        assertThatThrownBy(() -> subscribe(null, "a.b", null, null, 1))
                .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.getMessage()).contains("tenant_id"));
    }

    /** Collects events with a controllable demand. */
    static final class Collector implements Flow.Subscriber<EventMessage> {
        final List<EventMessage> events = new CopyOnWriteArrayList<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final CountDownLatch done = new CountDownLatch(1);
        private final long initialDemand;
        private volatile Flow.Subscription subscription;

        Collector(long initialDemand) {
            this.initialDemand = initialDemand;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (initialDemand > 0) {
                s.request(initialDemand);
            }
        }

        void request(long n) {
            subscription.request(n);
        }

        void cancel() {
            subscription.cancel();
        }

        @Override
        public void onNext(EventMessage item) {
            events.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            error.set(throwable);
            done.countDown();
        }

        @Override
        public void onComplete() {
            done.countDown();
        }

        List<Long> sequences() {
            return events.stream().map(EventMessage::sequence).toList();
        }

        void awaitCount(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (events.size() < n && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(events.size()).as("events received").isGreaterThanOrEqualTo(n);
        }
    }
}
