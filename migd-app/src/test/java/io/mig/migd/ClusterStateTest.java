package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * SPEC §10 on a three-node JetStream cluster (replicas 3): two migd processes publish to one topic
 * while one NATS node is killed. Every event a publisher was told was accepted is in the stream at
 * the sequence it was given, and the stream read back from either instance is one gap-free
 * sequence. The only failures allowed meanwhile are retryable {@code MIG_UNAVAILABLE} answers (the
 * calls caught in a leader election).
 */
class ClusterStateTest {
    private static final String TOPIC = "ha.cluster.events";

    @Test
    void killingOneNodeOfThreeLosesNothingAcknowledgedAndLeavesNoGap() throws Exception {
        try (NatsCluster cluster = NatsCluster.start()) {
            Map<String, String> env = Map.of("MIGD_STATE", "jetstream", "MIGD_NATS_URL", cluster.urls(),
                    "MIGD_JETSTREAM_REPLICAS", "3", "MIGD_ENABLE_NATS_BINDING", "false", "MIGD_LOG_LEVEL", "info");
            CompletableFuture<MigdInstance> startingA = CompletableFuture.supplyAsync(() -> MigdInstance.start("migd-a", env));
            CompletableFuture<MigdInstance> startingB = CompletableFuture.supplyAsync(() -> MigdInstance.start("migd-b", env));
            try (MigdInstance a = startingA.join(); MigdInstance b = startingB.join()) {
                ConcurrentHashMap<Long, String> acknowledged = new ConcurrentHashMap<>();
                AtomicInteger unavailable = new AtomicInteger();
                AtomicBoolean running = new AtomicBoolean(true);
                List<CompletableFuture<Void>> publishers = new ArrayList<>();
                for (MigdInstance instance : List.of(a, b)) {
                    publishers.add(CompletableFuture.runAsync(() -> publishWhile(instance, running, acknowledged, unavailable)));
                }
                awaitAtLeast(acknowledged, 20);
                cluster.kill(0);
                int atKill = acknowledged.size();
                awaitAtLeast(acknowledged, atKill + 40);
                running.set(false);
                CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

                assertThat(acknowledged.size()).as("publishing went on after the node was killed").isGreaterThan(atKill);
                List<String> fromA = replay(a);
                List<String> fromB = replay(b);
                assertThat(fromA).as("the same stream read through either instance").isEqualTo(fromB);
                assertThat(fromA.size()).as("no acknowledged event is missing").isGreaterThanOrEqualTo(acknowledged.size());
                acknowledged.forEach((sequence, value) -> assertThat(fromA.get((int) (sequence - 1)))
                        .as("the event acknowledged with sequence " + sequence).isEqualTo(value));
                System.out.println("ClusterStateTest: " + acknowledged.size() + " events acknowledged, "
                        + fromA.size() + " in the stream, " + unavailable.get() + " calls answered MIG_UNAVAILABLE during the failover");
            }
        }
    }

    private static void publishWhile(MigdInstance instance, AtomicBoolean running, Map<Long, String> acknowledged,
                                     AtomicInteger unavailable) {
        int i = 0;
        while (running.get()) {
            String value = instance.id() + "-" + i++;
            MigdServer.Reply reply = instance.post("/mig/v0.1/publish/" + TOPIC, "{\"payload\":{\"v\":\"" + value + "\"}}",
                    "X-Tenant-ID", "acme");
            if (reply.status() == 200) {
                String before = acknowledged.put(reply.json().path("sequence").asLong(), value);
                assertThat(before).as("a sequence given twice").isNull();
            } else {
                assertThat(reply.errorCode()).as(reply.body()).isEqualTo("MIG_UNAVAILABLE");
                assertThat(reply.json().path("error").path("retryable").asBoolean()).isTrue();
                unavailable.incrementAndGet();
            }
        }
    }

    /** Every retained event of the topic from the start, as read through {@code instance}: its payload values in order. */
    private static List<String> replay(MigdInstance instance) throws Exception {
        List<String> values = new ArrayList<>();
        try (SseClient replay = SseClient.get(instance.uri("/mig/v0.1/subscribe/" + TOPIC + "?resume_cursor=0"),
                Map.of("X-Tenant-ID", "acme"))) {
            SseClient.Event event;
            while ((event = replay.poll(3_000)) != null) {
                assertThat(event.id()).as("gap-free from 1").isEqualTo(Integer.toString(values.size() + 1));
                values.add(event.json().path("payload").path("v").asText());
            }
        }
        return values;
    }

    private static void awaitAtLeast(Map<Long, String> acknowledged, int count) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acknowledged.size() < count) {
            if (System.nanoTime() - until > 0) {
                throw new AssertionError("only " + acknowledged.size() + " events acknowledged, waited for " + count);
            }
            Thread.sleep(20);
        }
    }
}
