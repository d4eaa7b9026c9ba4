package io.mig.core.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;
import io.mig.core.model.MessageHeader;
import io.mig.core.testing.Await;
import io.mig.core.testing.Concurrently;
import io.mig.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventLog} does (SPEC §4.9, §10): sequences per {@code (tenant, topic)} from 1
 * without gaps or duplicates however many threads on however many instances append; replay from a
 * cursor; {@code readOrFollow} hands over to following with no gap and no duplicate while others
 * append; a cursor older than retention starts at the oldest retained event.
 *
 * <p>{@link #newStore()} gives a fresh, empty log that keeps {@link #RETENTION} events per stream,
 * reading the time from {@link #clock} where the log accepts a clock; {@link #sibling} a second log
 * object over the same state (the in-memory test returns the same one).
 */
public abstract class EventLogContract {
    /** Events the log under test keeps per {@code (tenant, topic)}. */
    protected static final int RETENTION = 50;

    /** The time the log under test reads, when it accepts a clock. */
    protected final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    protected abstract EventLog newStore();

    protected abstract EventLog sibling(EventLog store);

    private static ObjectNode payload(int n) {
        return MigJson.object().put("n", n).put("text", "event " + n);
    }

    private static StoredEvent append(EventLog log, String tenant, String topic, int n) {
        return log.append(tenant, topic, "key-" + n, payload(n), MessageHeader.forTenant(tenant).withMessageId("msg-" + n));
    }

    private static List<Long> sequences(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::sequence).toList();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    private static void close(EventLog.ReadResult read) throws Exception {
        if (read.following() != null) {
            read.following().close();
        }
    }

    @Test
    void appendsNumberEachStreamFromOneAndKeepTheEvent() {
        EventLog log = newStore();
        assertThat(log.lastSequence("acme", "orders.created")).isZero();
        StoredEvent first = append(log, "acme", "orders.created", 1);
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(first.tenant()).isEqualTo("acme");
        assertThat(first.topic()).isEqualTo("orders.created");
        assertThat(first.key()).isEqualTo("key-1");
        assertThat(first.payload()).isEqualTo(payload(1));
        assertThat(first.eventId()).isNotBlank();
        assertThat(Instant.parse(first.publishedAt())).isNotNull();
        assertThat(append(log, "acme", "orders.created", 2).sequence()).isEqualTo(2);
        assertThat(append(log, "beta", "orders.created", 1).sequence()).as("another tenant's stream").isEqualTo(1);
        assertThat(append(log, "acme", "orders.paid", 1).sequence()).as("another topic's stream").isEqualTo(1);
        assertThat(log.lastSequence("acme", "orders.created")).isEqualTo(2);
        assertThat(log.lastSequence("beta", "orders.created")).isEqualTo(1);
        StoredEvent second = log.readOrFollow("acme", "orders.created", 1, 10, e -> { }).events().get(0);
        assertThat(second.eventId()).isNotEqualTo(first.eventId());
        assertThat(second.payload()).isEqualTo(payload(2));
        assertThat(second.header().messageId()).isEqualTo("msg-2");
    }

    @Test
    void tenantsAndTopicsWithAnyCharactersAreKeptApart() {
        EventLog log = newStore();
        List<String[]> streams = List.of(new String[] {"acme", "a.b"}, new String[] {"acme.a", "b"},
                new String[] {"acme", "a.b.c"}, new String[] {"ac me", "a/b"}, new String[] {"acme", "a*>"});
        for (String[] s : streams) {
            append(log, s[0], s[1], 1);
        }
        for (String[] s : streams) {
            assertThat(log.lastSequence(s[0], s[1])).as("%s/%s", s[0], s[1]).isEqualTo(1);
            assertThat(log.readOrFollow(s[0], s[1], 0, 10, e -> { }).events()).singleElement()
                    .satisfies(e -> assertThat(e.topic()).isEqualTo(s[1]));
        }
    }

    @Test
    void concurrentAppendsOverTwoInstancesAreGapFreeWithoutDuplicates() {
        EventLog log = newStore();
        EventLog other = sibling(log);
        int threads = 8;
        int each = 20;
        List<List<Long>> assigned = Concurrently.run(threads, Duration.ofSeconds(60), t -> {
            EventLog mine = t % 2 == 0 ? log : other;
            List<Long> sequences = new ArrayList<>();
            for (int i = 0; i < each; i++) {
                sequences.add(append(mine, "acme", "race", t * 1000 + i).sequence());
            }
            return sequences;
        });
        List<Long> all = assigned.stream().flatMap(List::stream).sorted().toList();
        assertThat(all).as("every sequence assigned once").isEqualTo(range(1, threads * each));
        for (List<Long> one : assigned) {
            assertThat(one).as("one appender's own events in order").isSorted();
        }
        assertThat(log.lastSequence("acme", "race")).isEqualTo(threads * each);
        assertThat(other.lastSequence("acme", "race")).isEqualTo(threads * each);
        List<StoredEvent> retained = log.readOrFollow("acme", "race", 0, 1_000, e -> { }).events();
        assertThat(sequences(retained)).isEqualTo(range(threads * each - RETENTION + 1, threads * each));
    }

    @Test
    void aCursorReplaysWhatFollowsItInPages() throws Exception {
        EventLog log = newStore();
        for (int i = 1; i <= 10; i++) {
            append(log, "acme", "t.x", i);
        }
        EventLog.ReadResult page = sibling(log).readOrFollow("acme", "t.x", 4, 3, e -> { });
        assertThat(sequences(page.events())).containsExactly(5L, 6L, 7L);
        assertThat(page.caughtUp()).as("more events remain").isFalse();
        EventLog.ReadResult rest = sibling(log).readOrFollow("acme", "t.x", 7, 100, e -> { });
        assertThat(sequences(rest.events())).containsExactly(8L, 9L, 10L);
        assertThat(rest.caughtUp()).isTrue();
        close(rest);
        EventLog.ReadResult atHead = log.readOrFollow("acme", "t.x", 10, 100, e -> { });
        assertThat(atHead.events()).isEmpty();
        assertThat(atHead.caughtUp()).isTrue();
        close(atHead);
    }

    @Test
    void aCursorOlderThanRetentionStartsAtTheOldestRetainedEvent() throws Exception {
        EventLog log = newStore();
        int published = RETENTION + 5;
        for (int i = 1; i <= published; i++) {
            append(log, "acme", "t.old", i);
        }
        for (long cursor : new long[] {0, 3}) {
            EventLog.ReadResult read = sibling(log).readOrFollow("acme", "t.old", cursor, 1_000, e -> { });
            assertThat(sequences(read.events())).as("from cursor %d", cursor).isEqualTo(range(6, published));
            close(read);
        }
        assertThat(log.lastSequence("acme", "t.old")).isEqualTo(published);
    }

    @Test
    void followingAnUnpublishedTopicReceivesItsFirstEvent() throws Exception {
        EventLog log = newStore();
        List<StoredEvent> followed = new CopyOnWriteArrayList<>();
        EventLog.ReadResult read = log.readOrFollow("acme", "t.new", 0, 10, followed::add);
        assertThat(read.events()).isEmpty();
        assertThat(read.caughtUp()).isTrue();
        append(sibling(log), "acme", "t.new", 1);
        Await.propagated(() -> followed.size() == 1, "the first event followed");
        assertThat(followed.get(0).sequence()).isEqualTo(1);
        assertThat(followed.get(0).payload()).isEqualTo(payload(1));
        close(read);
    }

    @Test
    void readingOnWhileAnotherInstanceAppendsHandsOverWithoutGapOrDuplicate() throws Exception {
        EventLog log = newStore();
        EventLog other = sibling(log);
        int total = RETENTION - 10; // the reader may fall behind by all of them, and retention must not drop any
        for (int i = 1; i <= 5; i++) {
            append(log, "acme", "t.live", i);
        }
        AtomicReference<Throwable> appenderFailed = new AtomicReference<>();
        Thread appender = new Thread(() -> {
            try {
                for (int i = 6; i <= total; i++) {
                    append(other, "acme", "t.live", i);
                }
            } catch (Throwable t) {
                appenderFailed.set(t);
            }
        }, "contract-appender");
        appender.start();
        List<StoredEvent> read = new ArrayList<>();
        List<StoredEvent> followed = new CopyOnWriteArrayList<>();
        long cursor = 0;
        EventLog.ReadResult page;
        do {
            page = log.readOrFollow("acme", "t.live", cursor, 7, followed::add);
            read.addAll(page.events());
            if (!page.events().isEmpty()) {
                cursor = page.events().get(page.events().size() - 1).sequence();
            }
        } while (!page.caughtUp());
        appender.join(60_000);
        assertThat(appenderFailed.get()).isNull();
        Await.propagated(() -> read.size() + followed.size() >= total,
                () -> "all " + total + " events read or followed; read " + sequences(read) + ", followed " + sequences(followed));
        List<Long> seen = new ArrayList<>(sequences(read));
        seen.addAll(sequences(followed));
        assertThat(seen).as("read, then followed, in sequence order").isEqualTo(range(1, total));
        Set<String> ids = new HashSet<>();
        read.forEach(e -> ids.add(e.eventId()));
        followed.forEach(e -> ids.add(e.eventId()));
        assertThat(ids).hasSize(total);
        close(page);
    }

    @Test
    void aClosedFollowerReceivesNothingMore() throws Exception {
        EventLog log = newStore();
        List<Long> closedSaw = new CopyOnWriteArrayList<>();
        List<Long> openSaw = new CopyOnWriteArrayList<>();
        EventLog.ReadResult closed = log.readOrFollow("acme", "t.c", 0, 10, e -> closedSaw.add(e.sequence()));
        EventLog.ReadResult open = log.readOrFollow("acme", "t.c", 0, 10, e -> openSaw.add(e.sequence()));
        append(sibling(log), "acme", "t.c", 1);
        Await.propagated(() -> closedSaw.contains(1L) && openSaw.contains(1L), "both followers received event 1");
        close(closed);
        append(sibling(log), "acme", "t.c", 2);
        Await.propagated(() -> openSaw.contains(2L), "the open follower received event 2");
        assertThat(closedSaw).containsExactly(1L);
        close(open);
    }

    @Test
    void aFollowerSeesOnlyItsOwnStream() throws Exception {
        EventLog log = newStore();
        List<StoredEvent> acme = new CopyOnWriteArrayList<>();
        EventLog.ReadResult read = log.readOrFollow("acme", "t.iso", 0, 10, acme::add);
        append(log, "beta", "t.iso", 1);
        append(log, "acme", "t.other", 1);
        append(log, "acme", "t.iso", 3);
        Await.propagated(() -> !acme.isEmpty(), "acme's own event followed");
        assertThat(acme).singleElement().satisfies(e -> {
            assertThat(e.tenant()).isEqualTo("acme");
            assertThat(e.topic()).isEqualTo("t.iso");
            assertThat(e.payload()).isEqualTo(payload(3));
        });
        close(read);
    }
}
