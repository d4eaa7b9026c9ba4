package io.mig.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.out.EventLog;
import io.mig.core.port.out.GatewayMetrics;
import io.mig.core.port.out.StoredEvent;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Topics, retained events and retained bytes are bounded; only a publish creates a topic's storage. */
class InMemoryEventLogBoundsTest {
    private final List<String> hits = new ArrayList<>();
    private final GatewayMetrics metrics = new GatewayMetrics() {
        @Override
        public void boundHit(String bound) {
            hits.add(bound);
        }
    };

    private InMemoryEventLog log(int events, long bytesPerTopic, long bytes, int topicsPerTenant, int topics) {
        return new InMemoryEventLog(new InMemoryEventLog.Bounds(events, bytesPerTopic, bytes, topicsPerTenant, topics),
                Clock.systemUTC(), metrics);
    }

    private static StoredEvent publish(InMemoryEventLog log, String tenant, String topic, int payloadChars) {
        return log.append(tenant, topic, null, MigJson.object().put("x", "a".repeat(payloadChars)), MessageHeader.empty());
    }

    @Test
    void subscribingToManyTopicsCreatesNoStorageAndLeavesNothingBehind() throws Exception {
        InMemoryEventLog log = log(10_000, Long.MAX_VALUE, Long.MAX_VALUE, 5, 5);
        List<AutoCloseable> subscriptions = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            EventLog.ReadResult read = log.readOrFollow("acme", "random.t" + i, 0, 10, e -> { });
            assertThat(read.caughtUp()).isTrue();
            subscriptions.add(read.following());
        }
        assertThat(log.topicCount()).isZero();
        for (AutoCloseable s : subscriptions) {
            s.close();
        }
        assertThat(log.streamEntries()).isZero();
        // the topic bound (5) only counts published topics, so subscribing used none of it
        for (int i = 0; i < 5; i++) {
            publish(log, "acme", "real.t" + i, 1);
        }
        assertThat(log.topicCount()).isEqualTo(5);
    }

    @Test
    void aSubscriberOfAnUnpublishedTopicGetsTheFirstEvent() throws Exception {
        InMemoryEventLog log = log(100, Long.MAX_VALUE, Long.MAX_VALUE, 10, 10);
        List<StoredEvent> seen = new ArrayList<>();
        EventLog.ReadResult read = log.readOrFollow("acme", "later", 0, 10, seen::add);
        publish(log, "acme", "later", 1);
        assertThat(seen).extracting(StoredEvent::sequence).containsExactly(1L);
        read.following().close();
        assertThat(log.lastSequence("acme", "later")).isEqualTo(1);
    }

    @Test
    void aNewTopicOverTheTenantBoundIsRefusedWithoutTouchingOtherTenants() {
        InMemoryEventLog log = log(100, Long.MAX_VALUE, Long.MAX_VALUE, 3, 100);
        for (int i = 0; i < 3; i++) {
            publish(log, "beta", "t" + i, 1);
        }
        publish(log, "beta", "t0", 1); // an existing topic is fine
        assertThatThrownBy(() -> publish(log, "beta", "t3", 1))
                .isInstanceOfSatisfying(MigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MIG_RATE_LIMITED);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.details().path("bound").asText()).isEqualTo("topics_per_tenant");
                });
        assertThat(publish(log, "acme", "t3", 1).sequence()).isEqualTo(1);
        assertThat(hits).containsExactly("topics_per_tenant");
        assertThat(log.streamEntries()).isEqualTo(4);
    }

    @Test
    void aNewTopicOverTheGlobalBoundIsBackpressure() {
        InMemoryEventLog log = log(100, Long.MAX_VALUE, Long.MAX_VALUE, 10, 2);
        publish(log, "a", "t", 1);
        publish(log, "b", "t", 1);
        assertThatThrownBy(() -> publish(log, "c", "t", 1))
                .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_BACKPRESSURE));
        assertThat(hits).containsExactly("topics");
    }

    @Test
    void retainedBytesPerTopicEvictTheOldestEventsOfThatTopic() {
        InMemoryEventLog log = log(10_000, 10_000, Long.MAX_VALUE, 10, 10);
        for (int i = 0; i < 20; i++) {
            publish(log, "acme", "big", 2_000);
        }
        publish(log, "acme", "small", 10);
        EventLog.ReadResult big = log.readOrFollow("acme", "big", 0, 100, e -> { });
        assertThat(big.events()).hasSizeBetween(1, 4);
        assertThat(big.events().get(big.events().size() - 1).sequence()).isEqualTo(20);
        assertThat(log.readOrFollow("acme", "small", 0, 100, e -> { }).events()).hasSize(1);
        assertThat(log.retainedBytes()).isLessThanOrEqualTo(10_000 + 1_000);
        assertThat(hits).contains("event_retention_bytes");
    }

    @Test
    void theGlobalByteBoundTakesFromTheLargestTopic() {
        InMemoryEventLog log = log(10_000, Long.MAX_VALUE, 50_000, 10, 10);
        publish(log, "acme", "quiet", 100);
        for (int i = 0; i < 100; i++) {
            publish(log, "beta", "flood", 2_000);
        }
        assertThat(log.retainedBytes()).isLessThanOrEqualTo(50_000);
        assertThat(log.readOrFollow("acme", "quiet", 0, 10, e -> { }).events()).hasSize(1);
        assertThat(log.lastSequence("beta", "flood")).isEqualTo(100);
        assertThat(hits).contains("event_bytes");
    }

    @Test
    void eventRetentionStillCountsEvents() {
        InMemoryEventLog log = log(5, Long.MAX_VALUE, Long.MAX_VALUE, 10, 10);
        for (int i = 0; i < 12; i++) {
            publish(log, "acme", "t", 1);
        }
        assertThat(log.readOrFollow("acme", "t", 0, 100, e -> { }).events())
                .extracting(StoredEvent::sequence).containsExactly(8L, 9L, 10L, 11L, 12L);
    }

    /**
     * The byte bounds count JSON; the log must hold JSON too. A parsed tree of empty objects costs
     * some 25 times its JSON, which let 900 KB payloads of {@code {},{},…} fill a 256 MiB heap
     * under a 32 MiB bound (the resource-exhaustion suite's retained-node-bombs). The published tree
     * must become garbage while its event stays readable and equal.
     */
    @Test
    void aRetainedEventKeepsItsJsonNotTheTreeItWasPublishedWith() throws Exception {
        InMemoryEventLog log = log(100, Long.MAX_VALUE, Long.MAX_VALUE, 10, 10);
        ObjectNode payload = MigJson.object();
        payload.putArray("blob").addObject().put("n", 1);
        String published = payload.toString();
        WeakReference<ObjectNode> tree = new WeakReference<>(payload);
        log.append("acme", "bombs", null, payload, MessageHeader.empty());
        payload = null;
        for (int i = 0; i < 10 && tree.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(tree.get()).as("the published tree is no longer referenced by the log").isNull();
        assertThat(log.readOrFollow("acme", "bombs", 0, 10, e -> { }).events().get(0).payload().toString()).isEqualTo(published);
    }
}
