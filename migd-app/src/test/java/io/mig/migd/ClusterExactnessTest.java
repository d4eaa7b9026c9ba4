package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mig.core.error.MigException;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.out.EventLog;
import io.mig.core.port.out.QuotaLimit;
import io.mig.core.port.out.StoredEvent;
import io.mig.state.jetstream.JetStreamEventLog;
import io.mig.state.jetstream.JetStreamKvOptions;
import io.mig.state.jetstream.JetStreamQuotaStore;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exactness of SPEC §10 on a replicated stream: three instances' stores, each on its own node of
 * a real three-node cluster (replicas 3), writing to the same topic and the same quota counter at
 * once. JetStream checks a stale "expected last subject sequence" only before it replicates a write
 * (nats-server issue 4320), so racing writes could all pass that check; the stores add what the
 * replicas do check when they apply a write. Without it this test saw duplicate sequences and an
 * exceeded quota on nats-server 2.9.10.
 */
class ClusterExactnessTest {
    private static final int INSTANCES = 3;
    private static final int WRITERS_PER_INSTANCE = 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static NatsCluster cluster;
    private static final List<Connection> connections = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = NatsCluster.start();
        for (int i = 0; i < INSTANCES; i++) {
            connections.add(Nats.connect(new Options.Builder().server(cluster.url(i)).connectionTimeout(Duration.ofSeconds(5)).build()));
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (Connection connection : connections) {
            connection.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void racingPublishersOnThreeNodesShareOneGapFreeSequence() throws Exception {
        List<JetStreamEventLog> logs = new ArrayList<>();
        JetStreamEventLog.Options options = JetStreamEventLog.Options.defaults().withPrefix("EXACT").withReplicas(3).withTimeout(TIMEOUT);
        for (Connection connection : connections) {
            logs.add(new JetStreamEventLog(connection, options));
        }
        int perWriter = 40;
        ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicInteger refused = new AtomicInteger();
        race(logs, perWriter, log -> {
            try {
                acknowledged.add(log.append("acme", "orders", null, JsonNodeFactory.instance.objectNode().put("n", 1),
                        MessageHeader.forTenant("acme")).sequence());
            } catch (MigException e) {
                refused.incrementAndGet(); // a write that gave up is not acknowledged; it must not leave a hole
            }
        });

        List<Long> sorted = acknowledged.stream().sorted().toList();
        assertThat(sorted).as("each acknowledged sequence once (%d refused)", refused.get()).doesNotHaveDuplicates();
        List<StoredEvent> stored = new ArrayList<>();
        EventLog.ReadResult read = logs.get(2).readOrFollow("acme", "orders", 0, 10_000, stored::add);
        if (read.following() != null) {
            read.following().close();
        }
        List<Long> sequences = read.events().stream().map(StoredEvent::sequence).toList();
        assertThat(sequences).as("stored: 1..n, no gap, no repeat").isEqualTo(rangeClosed(sequences.size()));
        assertThat(sequences).as("every acknowledged event is stored").containsAll(sorted);
        assertThat(sequences.size()).as("nothing stored that was not acknowledged or refused")
                .isBetween(sorted.size(), sorted.size() + refused.get());
        for (JetStreamEventLog log : logs) {
            log.close();
        }
    }

    @Test
    void aQuotaCountedOnThreeNodesAdmitsExactlyItsLimit() throws Exception {
        List<JetStreamQuotaStore> stores = new ArrayList<>();
        JetStreamKvOptions options = JetStreamKvOptions.defaults().withPrefix("EXACTQ").withReplicas(3).withTimeout(TIMEOUT);
        for (Connection connection : connections) {
            stores.add(new JetStreamQuotaStore(connection, options));
        }
        QuotaLimit limit = new QuotaLimit("acme", 60, 3600L, null);
        long window = limit.windowStart(System.currentTimeMillis() / 1000);
        AtomicInteger admitted = new AtomicInteger();
        race(stores, 15, store -> {
            if (store.tryAcquire(limit, window)) {
                admitted.incrementAndGet();
            }
        });
        assertThat(admitted.get()).as("admitted of %d attempts", INSTANCES * WRITERS_PER_INSTANCE * 15).isEqualTo(60);
        assertThat(stores.get(0).used(limit, window)).isEqualTo(60);
        for (JetStreamQuotaStore store : stores) {
            store.close();
        }
    }

    /** {@value #WRITERS_PER_INSTANCE} threads per instance, all released at once, each doing {@code times} writes. */
    private static <S> void race(List<S> instances, int times, Write<S> write) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(instances.size() * WRITERS_PER_INSTANCE);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Void>> done = new ArrayList<>();
        try {
            for (S instance : instances) {
                for (int w = 0; w < WRITERS_PER_INSTANCE; w++) {
                    done.add(pool.submit((Callable<Void>) () -> {
                        start.await();
                        for (int i = 0; i < times; i++) {
                            write.to(instance);
                        }
                        return null;
                    }));
                }
            }
            start.countDown();
            for (Future<Void> each : done) {
                each.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Long> rangeClosed(int n) {
        List<Long> all = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
            all.add(i);
        }
        return all;
    }

    @FunctionalInterface
    private interface Write<S> {
        void to(S instance) throws Exception;
    }
}
