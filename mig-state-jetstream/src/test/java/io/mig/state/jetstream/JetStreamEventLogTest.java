package io.mig.state.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.out.EventLog;
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
        StoredEvent next = awaitAppend(a, "outage.topic");
        assertThat(next.sequence()).as("the sequence continues after the outage").isEqualTo(2);
        assertThat(b.append("acme", "outage.topic", null, payload("n", 3), MessageHeader.forTenant("acme")).sequence())
                .isEqualTo(3);
        assertThat(readAll(b, "acme", "outage.topic")).extracting(StoredEvent::sequence).containsExactly(1L, 2L, 3L);
        assertThat(a.usable()).isTrue();
        awaitSize(followed, 2);
        assertThat(followed).as("a follower attached before the outage goes on after it")
                .extracting(StoredEvent::sequence).containsExactly(2L, 3L);
        following.following().close();
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
