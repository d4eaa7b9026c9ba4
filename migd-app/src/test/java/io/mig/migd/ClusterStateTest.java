package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.testing.Await;
import java.time.Duration;
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
 * SPEC §10 on a three-node JetStream cluster (replicas 3): two migd processes publish while one
 * NATS node is killed. Every event a publisher was told was accepted is in the stream at the
 * sequence it was given, and each topic read back through either instance is one gap-free
 * sequence. The only failures allowed meanwhile are retryable {@code MIG_UNAVAILABLE} answers (the
 * calls caught in a leader election).
 *
 * <p>Both instances publish to one topic at once, so their events interleave in one sequence: the
 * racing writes reach different stream replicas' leader at the same moment, which JetStream's
 * expected-last-subject-sequence check alone does not keep exact ({@link ClusterExactnessTest}).
 */
class ClusterStateTest {
    private static final String TOPIC = "ha.cluster.shared";

    @Test
    void killingOneNodeOfThreeLosesNothingAcknowledgedAndLeavesNoGap() throws Exception {
        try (NatsCluster cluster = NatsCluster.start()) {
            Map<String, String> env = Map.of("MIGD_STATE", "jetstream", "MIGD_NATS_URL", cluster.urls(),
                    "MIGD_JETSTREAM_REPLICAS", "3", "MIGD_ENABLE_NATS_BINDING", "false", "MIGD_LOG_LEVEL", "info");
            CompletableFuture<MigdInstance> startingA = CompletableFuture.supplyAsync(() -> MigdInstance.start("migd-a", env));
            CompletableFuture<MigdInstance> startingB = CompletableFuture.supplyAsync(() -> MigdInstance.start("migd-b", env));
            try (MigdInstance a = startingA.join(); MigdInstance b = startingB.join()) {
                ConcurrentHashMap<Acknowledged, String> acknowledged = new ConcurrentHashMap<>();
                AtomicInteger unavailable = new AtomicInteger();
                AtomicBoolean running = new AtomicBoolean(true);
                List<CompletableFuture<Void>> publishers = new ArrayList<>();
                for (MigdInstance instance : List.of(a, b)) {
                    publishers.add(CompletableFuture.runAsync(() -> publishWhile(instance, TOPIC, running,
                            acknowledged, unavailable)));
                }
                awaitAtLeast(acknowledged, 20);
                cluster.kill(0);
                int atKill = acknowledged.size();
                awaitAtLeast(acknowledged, atKill + 40);
                running.set(false);
                CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

                assertThat(acknowledged.size()).as("publishing went on after the node was killed").isGreaterThan(atKill);
                List<String> viaA = replay(a, TOPIC);
                assertThat(replay(b, TOPIC)).as("the same events read through either instance").isEqualTo(viaA);
                assertThat(viaA).as("both instances' events in the one sequence")
                        .anyMatch(value -> value.startsWith(a.id() + "-")).anyMatch(value -> value.startsWith(b.id() + "-"));
                acknowledged.forEach((event, value) -> {
                    assertThat(viaA.size()).as("acknowledged sequence " + event.sequence() + " is retained")
                            .isGreaterThanOrEqualTo((int) event.sequence());
                    assertThat(viaA.get((int) (event.sequence() - 1))).as("the event acknowledged as " + event)
                            .isEqualTo(value);
                });
                System.out.println("ClusterStateTest: " + acknowledged.size() + " events acknowledged, "
                        + unavailable.get() + " calls answered MIG_UNAVAILABLE during the failover");
            }
        }
    }

    /** An event a publisher was told was accepted: its topic and the sequence it was given. */
    private record Acknowledged(String topic, long sequence) {
    }


    private static void publishWhile(MigdInstance instance, String topic, AtomicBoolean running,
                                     Map<Acknowledged, String> acknowledged, AtomicInteger unavailable) {
        int i = 0;
        while (running.get()) {
            String value = instance.id() + "-" + i++;
            MigdServer.Reply reply = instance.post("/mig/v0.1/publish/" + topic, "{\"payload\":{\"v\":\"" + value + "\"}}",
                    "X-Tenant-ID", "acme");
            if (reply.status() == 200) {
                String before = acknowledged.put(new Acknowledged(topic, reply.json().path("sequence").asLong()), value);
                assertThat(before).as("a sequence given twice").isNull();
            } else {
                assertThat(reply.errorCode()).as(reply.body()).isEqualTo("MIG_UNAVAILABLE");
                assertThat(reply.json().path("error").path("retryable").asBoolean()).isTrue();
                unavailable.incrementAndGet();
            }
        }
    }

    /**
     * Every retained event of the topic from the start, as read through {@code instance}: its payload
     * values in order. A retryable refusal (a replica still catching up after the failover) is
     * retried as a client would, once a second for up to 30 s: on a loaded 2-core machine the stream's
     * new leader has been seen to take more than 5 s to answer reads again.
     */
    private static List<String> replay(MigdInstance instance, String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int attempt = 1; ; attempt++) {
            List<String> values = new ArrayList<>();
            try (SseClient replay = SseClient.get(instance.uri("/mig/v0.1/subscribe/" + topic + "?resume_cursor=0"),
                    Map.of("X-Tenant-ID", "acme"))) {
                SseClient.Event event;
                while ((event = replay.poll(3_000)) != null && event.id() != null) {
                    assertThat(event.id()).as("gap-free from 1").isEqualTo(Integer.toString(values.size() + 1));
                    values.add(event.json().path("payload").path("v").asText());
                }
                if (event == null) {
                    return values;
                }
                assertThat(event.data()).as("the only refusal allowed is a retryable one").contains("MIG_UNAVAILABLE");
                assertThat(System.nanoTime() - deadline).as("replay still refused after " + attempt + " attempts in 30 s: "
                        + event.data()).isNegative();
            }
            Thread.sleep(1_000);
        }
    }

    private static void awaitAtLeast(Map<Acknowledged, String> acknowledged, int count) throws InterruptedException {
        Await.until(Duration.ofSeconds(60), () -> acknowledged.size() >= count,
                () -> "only " + acknowledged.size() + " events acknowledged, waited for " + count);
    }
}
