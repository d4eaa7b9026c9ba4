package io.mig.core.gateway;

import static io.mig.core.gateway.Fixtures.payload;
import static io.mig.core.gateway.Fixtures.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.model.PublishRequest;
import io.mig.core.model.SubscribeRequest;
import java.lang.management.ManagementFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Subscribers leaving a topic while events are published to it (found by bench/soak: a gRPC
 * Subscribe cancelled during a publish deadlocked the topic, and with it every publisher, every
 * new subscriber and, one by one, the HTTP listener's threads). The publisher holds the stream
 * and calls into the subscription; the subscription must not hold itself while it calls into the
 * stream to leave it.
 */
class EventsUnsubscribeRaceTest {
    private final MigGateway gateway = MigGateway.builder().build();
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "race");
        thread.setDaemon(true); // a deadlocked thread must not keep the test JVM alive
        return thread;
    });

    @AfterEach
    void close() {
        threads.shutdownNow();
        gateway.close();
    }

    private static String raceStacks() {
        StringBuilder out = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().equals("race")) {
                out.append("\n").append(thread.getState());
                for (int i = 0; i < Math.min(8, stack.length); i++) {
                    out.append("\n  at ").append(stack[i]);
                }
            }
        });
        return out.toString();
    }

    @Test
    void subscribersCancellingDuringPublishesNeverDeadlockTheTopic() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong published = new AtomicLong();
        AtomicLong cancelled = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        // class loading and the first publish out of the way, so the race starts at once
        gateway.publish(tenant("acme"), new PublishRequest(null, "race.events", null, payload("n", "x")));
        for (int p = 0; p < 2; p++) {
            threads.execute(() -> {
                while (running.get()) {
                    try {
                        gateway.publish(tenant("acme"), new PublishRequest(null, "race.events", null, payload("n", "x")));
                        published.incrementAndGet();
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                }
            });
        }
        for (int s = 0; s < 2; s++) {
            threads.execute(() -> {
                while (running.get()) {
                    EventsTest.Collector collector = new EventsTest.Collector(Long.MAX_VALUE);
                    gateway.subscribe(tenant("acme"), new SubscribeRequest(null, "race.events", null, null, 100_000))
                            .subscribe(collector);
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
                    while (collector.events.isEmpty() && System.nanoTime() < until) {
                        Thread.onSpinWait(); // until it follows live events
                    }
                    collector.cancel();
                    cancelled.incrementAndGet();
                }
            });
        }
        // until both sides have raced often enough, or the topic is stuck; a deadlock ends it at once
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long[] deadlocked = null;
        while (System.nanoTime() < until && (published.get() < 5_000 || cancelled.get() < 200) && deadlocked == null) {
            Thread.sleep(50);
            deadlocked = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
        }
        running.set(false);
        assertThat(deadlocked).as("threads deadlocked after %d publishes and %d cancels", published.get(), cancelled.get())
                .isNull();
        assertThat(failure.get()).as("a publish failed").isNull();
        assertThat(published.get()).as("publishes; the racing threads: %s", raceStacks()).isGreaterThanOrEqualTo(5_000);
        assertThat(cancelled.get()).isGreaterThanOrEqualTo(200);
    }
}
