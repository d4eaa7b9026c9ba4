package io.mig.state.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.ErrorReason;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.out.EventLog;
import io.mig.core.port.out.GatewayMetrics;
import io.mig.core.port.out.StoredEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What only a shared log shows: several instances on one stream, and NATS going away and coming back. */
class JetStreamEventLogTest {
    private static JetStreamServer nats;
    private static JetStreamEventLog a;
    private static JetStreamEventLog b;

    @BeforeAll
    static void start() {
        nats = JetStreamServer.start();
        JetStreamEventLog.Options options = JetStreamEventLog.Options.defaults().withRetentionEvents(5_000);
        a = new JetStreamEventLog(nats.connect(), options);
        b = new JetStreamEventLog(nats.connect(), options);
    }

    @AfterAll
    static void stop() {
        nats.close();
    }

    @Test
    void concurrent_publishers_on_two_instances_get_one_gap_free_sequence_read_alike_from_both() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (JetStreamEventLog instance : List.of(a, b)) {
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<Long> got = new ArrayList<>();
                    for (int i = 0; i < 250; i++) {
                        got.add(instance.append("acme", "race.topic", null, payload("n", thread * 1000 + i),
                                MessageHeader.forTenant("acme")).sequence());
                    }
                    return got;
                }));
            }
        }
        List<Long> assigned = new ArrayList<>();
        for (Future<List<Long>> f : futures) {
            List<Long> own = f.get(60, TimeUnit.SECONDS);
            assertThat(own).as("one publisher's sequences rise").isSorted();
            assigned.addAll(own);
        }
        pool.shutdown();
        assertThat(assigned).as("every append got its own sequence, 1..2000").hasSize(2000).doesNotHaveDuplicates();
        assertThat(assigned.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(2000);

        List<StoredEvent> fromA = readAll(a, "acme", "race.topic");
        List<StoredEvent> fromB = readAll(b, "acme", "race.topic");
        assertThat(fromA).extracting(StoredEvent::sequence)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 2000).boxed().toList());
        assertThat(fromB).extracting(StoredEvent::eventId).as("both instances read the same events in the same order")
                .containsExactlyElementsOf(fromA.stream().map(StoredEvent::eventId).toList());
        assertThat(a.lastSequence("acme", "race.topic")).isEqualTo(2000);
        assertThat(b.lastSequence("acme", "race.topic")).isEqualTo(2000);
    }

    @Test
    void a_follower_on_one_instance_gets_the_events_appended_on_the_other() throws Exception {
        a.append("acme", "cross.topic", null, payload("n", 1), MessageHeader.forTenant("acme"));
        List<StoredEvent> told = new CopyOnWriteArrayList<>();
        EventLog.ReadResult read = b.readOrFollow("acme", "cross.topic", 0, 100, told::add);
        assertThat(read.events()).extracting(StoredEvent::sequence).containsExactly(1L);
        assertThat(read.caughtUp()).isTrue();
        for (int i = 2; i <= 5; i++) {
            a.append("acme", "cross.topic", "k" + i, payload("n", i), MessageHeader.forTenant("acme"));
        }
        awaitSize(told, 4);
        assertThat(told).extracting(StoredEvent::sequence).containsExactly(2L, 3L, 4L, 5L);
        assertThat(told.get(0).key()).isEqualTo("k2");
        assertThat(told.get(0).payload().get("n").asInt()).isEqualTo(2);
        read.following().close();
        a.append("acme", "cross.topic", null, payload("n", 6), MessageHeader.forTenant("acme"));
        Thread.sleep(300);
        assertThat(told).as("a closed follower hears nothing more").hasSize(4);
    }

    @Test
    void names_that_subjects_do_not_allow_stay_apart() {
        a.append("t.1", "a.b c:d/e", null, payload("n", 1), MessageHeader.forTenant("t.1"));
        a.append("t", "1.a.b c:d/e", null, payload("n", 2), MessageHeader.forTenant("t"));
        a.append("", "x", null, payload("n", 3), MessageHeader.forTenant(""));
        assertThat(readAll(b, "t.1", "a.b c:d/e")).extracting(e -> e.payload().get("n").asInt()).containsExactly(1);
        assertThat(readAll(b, "t", "1.a.b c:d/e")).extracting(e -> e.payload().get("n").asInt()).containsExactly(2);
        assertThat(readAll(b, "", "x")).singleElement().satisfies(e -> {
            assertThat(e.tenant()).isEmpty();
            assertThat(e.topic()).isEqualTo("x");
        });
    }

    @Test
    void a_name_too_long_for_a_subject_is_refused_without_harming_the_connection() {
        String huge = "t." + "x".repeat(4000);
        assertThatThrownBy(() -> a.append("acme", huge, null, payload("n", 1), MessageHeader.forTenant("acme")))
                .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_INVALID_REQUEST));
        assertThat(a.append("acme", "after.huge", null, payload("n", 1), MessageHeader.forTenant("acme")).sequence())
                .as("the connection is still up").isEqualTo(1);
    }

    @Test
    void an_event_larger_than_nats_takes_is_the_publishers_error_not_an_outage() {
        ObjectNode big = MigJson.object().put("blob", "x".repeat(1_100_000));
        assertThatThrownBy(() -> a.append("acme", "big.topic", null, big, MessageHeader.forTenant("acme")))
                .isInstanceOfSatisfying(MigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MIG_INVALID_REQUEST);
                    assertThat(e.reason()).isEqualTo(ErrorReason.TOO_LARGE);
                });
        assertThat(a.append("acme", "big.topic", null, payload("n", 1), MessageHeader.forTenant("acme")).sequence()).isEqualTo(1);
    }

    @Test
    void topic_bounds_and_a_full_stream_refuse_new_events_and_are_counted() {
        List<String> hits = new CopyOnWriteArrayList<>();
        GatewayMetrics metrics = new GatewayMetrics() {
            @Override
            public void boundHit(String bound) {
                hits.add(bound);
            }
        };
        JetStreamEventLog bounded = new JetStreamEventLog(nats.connect(), JetStreamEventLog.Options.defaults()
                .withPrefix("BOUNDED").withTopics(2, 3).withMaxBytes(64 * 1024), java.time.Clock.systemUTC(), metrics);
        bounded.append("acme", "t.one", null, payload("n", 1), MessageHeader.forTenant("acme"));
        bounded.append("acme", "t.two", null, payload("n", 1), MessageHeader.forTenant("acme"));
        assertThatThrownBy(() -> bounded.append("acme", "t.three", null, payload("n", 1), MessageHeader.forTenant("acme")))
                .isInstanceOfSatisfying(MigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MIG_RATE_LIMITED);
                    assertThat(e.retryable()).isFalse();
                });
        bounded.append("beta", "t.one", null, payload("n", 1), MessageHeader.forTenant("beta"));
        assertThatThrownBy(() -> bounded.append("gamma", "t.one", null, payload("n", 1), MessageHeader.forTenant("gamma")))
                .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_BACKPRESSURE));

        ObjectNode kilobyte = MigJson.object().put("blob", "x".repeat(1024));
        long last = 1;
        MigException full = null;
        for (int i = 0; i < 200 && full == null; i++) {
            try {
                last = bounded.append("acme", "t.one", null, kilobyte, MessageHeader.forTenant("acme")).sequence();
            } catch (MigException e) {
                full = e;
            }
        }
        assertThat(full).as("64 KiB hold fewer than 200 events of 1 KiB").isNotNull();
        assertThat(full.code()).isEqualTo(ErrorCode.MIG_BACKPRESSURE);
        assertThat(bounded.lastSequence("acme", "t.one")).as("nothing was dropped to make room").isEqualTo(last);
        assertThat(readAll(bounded, "acme", "t.two")).as("a quiet topic keeps its event").hasSize(1);
        assertThat(hits).contains("topics_per_tenant", "topics", "event_bytes");
    }

    @Test
    void a_cursor_in_the_middle_of_a_long_topic_starts_right_after_it() {
        for (int i = 1; i <= 300; i++) {
            (i % 2 == 0 ? a : b).append("acme", "long.topic", null, payload("n", i), MessageHeader.forTenant("acme"));
            a.append("acme", "other.topic", null, payload("n", i), MessageHeader.forTenant("acme")); // interleaved
        }
        for (long cursor : new long[] {0, 1, 77, 150, 299}) {
            EventLog.ReadResult read = b.readOrFollow("acme", "long.topic", cursor, 10, e -> { });
            assertThat(read.events()).extracting(StoredEvent::sequence).as("after " + cursor)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(cursor + 1, Math.min(300, cursor + 10))
                            .boxed().toList());
            closeQuietly(read.following());
        }
    }

    @Test
    void nats_down_means_unavailable_within_the_timeout_and_the_same_log_works_again_after() throws Exception {
        a.append("acme", "outage.topic", null, payload("n", 1), MessageHeader.forTenant("acme"));
        List<StoredEvent> followed = new CopyOnWriteArrayList<>();
        EventLog.ReadResult following = b.readOrFollow("acme", "outage.topic", 1, 10, followed::add);
        assertThat(following.caughtUp()).isTrue();
        nats.stop();
        try {
            long started = System.nanoTime();
            assertThatThrownBy(() -> a.append("acme", "outage.topic", null, payload("n", 2), MessageHeader.forTenant("acme")))
                    .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_UNAVAILABLE));
            assertThatThrownBy(() -> b.lastSequence("acme", "outage.topic"))
                    .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_UNAVAILABLE));
            assertThatThrownBy(() -> b.readOrFollow("acme", "outage.topic", 0, 10, e -> { }))
                    .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_UNAVAILABLE));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(a.usable()).isFalse();
        } finally {
            nats.restart();
        }
        awaitUsable(a);
        awaitUsable(b);
        // an append refused as unavailable while the server came back may still have been stored (not
        // acknowledged, but not a gap either): the next one is 2, or 3 after such an append
        long next = awaitAppend(a, "outage.topic").sequence();
        assertThat(next).as("the sequence continues after the outage").isIn(2L, 3L);
        assertThat(b.append("acme", "outage.topic", null, payload("n", 3), MessageHeader.forTenant("acme")).sequence())
                .isEqualTo(next + 1);
        List<Long> all = java.util.stream.LongStream.rangeClosed(1, next + 1).boxed().toList();
        assertThat(readAll(b, "acme", "outage.topic")).extracting(StoredEvent::sequence).containsExactlyElementsOf(all);
        assertThat(a.usable()).isTrue();
        awaitSize(followed, (int) next);
        assertThat(followed).as("a follower attached before the outage goes on after it")
                .extracting(StoredEvent::sequence).containsExactlyElementsOf(all.subList(1, all.size()));
        following.following().close();
    }

    @Test
    void a_server_that_does_not_answer_means_unavailable_after_the_timeout_and_the_sequence_stays_gap_free() throws Exception {
        a.append("acme", "hang.topic", null, payload("n", 1), MessageHeader.forTenant("acme"));
        nats.pause();
        try {
            long started = System.nanoTime();
            assertThatThrownBy(() -> a.append("acme", "hang.topic", null, payload("n", 2), MessageHeader.forTenant("acme")))
                    .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_UNAVAILABLE));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(took).as("bounded by the 2 s call timeout, not by the connection's ping").isLessThan(Duration.ofSeconds(5));
        } finally {
            nats.resume();
        }
        awaitUsable(a);
        awaitUsable(b);
        // the unanswered append may still have been stored once the server thawed: not acknowledged, but not a gap
        long next = awaitAppend(a, "hang.topic").sequence();
        assertThat(next).isIn(2L, 3L);
        assertThat(readAll(b, "acme", "hang.topic")).extracting(StoredEvent::sequence)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, next).boxed().toList());
    }

    /** Until the log's connection is back and JetStream answers (the next test needs both). */
    private static void awaitUsable(JetStreamEventLog log) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!log.usable() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(log.usable()).as("usable again").isTrue();
    }

    private static StoredEvent awaitAppend(JetStreamEventLog log, String topic) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                return log.append("acme", topic, null, payload("n", 2), MessageHeader.forTenant("acme"));
            } catch (MigException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.MIG_UNAVAILABLE);
                if (System.nanoTime() > until) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    static List<StoredEvent> readAll(EventLog log, String tenant, String topic) {
        List<StoredEvent> all = new ArrayList<>();
        long after = 0;
        while (true) {
            EventLog.ReadResult page = log.readOrFollow(tenant, topic, after, 256, e -> { });
            all.addAll(page.events());
            if (page.caughtUp()) {
                closeQuietly(page.following());
                return all;
            }
            after = page.events().get(page.events().size() - 1).sequence();
        }
    }

    static void awaitSize(List<?> list, int size) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (list.size() < size && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(list).hasSize(size);
    }

    static ObjectNode payload(String field, int value) {
        ObjectNode node = MigJson.object();
        node.put(field, value);
        return node;
    }

    static void closeQuietly(AutoCloseable handle) {
        if (handle != null) {
            try {
                handle.close();
            } catch (Exception ignored) {
                // test cleanup
            }
        }
    }
}
