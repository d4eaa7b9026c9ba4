package io.mig.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig.core.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gateway's deadlines: never early, promptly late, cancelled for good, and asleep when idle. */
class DeadlineWheelTest {
    /** What a loaded CI machine may add to a wake-up, on top of the wheel's own tick. */
    private static final long MARGIN_MS = 250;
    private static final AtomicInteger WHEELS = new AtomicInteger();
    private final String name = "test-deadlines-" + WHEELS.incrementAndGet();
    private final DeadlineWheel wheel = new DeadlineWheel(name);

    @AfterEach
    void close() {
        wheel.close();
    }

    @Test
    void eachTaskRunsAtItsDeadlineNeverBefore() throws Exception {
        long[] delays = {0, 1, 7, 40, 120, 300};
        ConcurrentLinkedQueue<String> late = new ConcurrentLinkedQueue<>();
        CountDownLatch ran = new CountDownLatch(delays.length);
        for (long delay : delays) {
            long start = System.nanoTime();
            wheel.schedule(() -> {
                long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                if (elapsedMs < delay || elapsedMs > delay + DeadlineWheel.TICK_MILLIS + MARGIN_MS) {
                    late.add(delay + " ms ran after " + elapsedMs + " ms");
                }
                ran.countDown();
            }, delay);
        }
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(late).isEmpty();
        assertThat(wheel.scheduled()).isZero();
    }

    @Test
    void aDeadlineBeyondOneTurnOfTheWheelWaitsForItsTurn() throws Exception {
        long turnMs = DeadlineWheel.SLOTS * DeadlineWheel.TICK_MILLIS;
        long delay = turnMs + 3 * DeadlineWheel.TICK_MILLIS;
        long start = System.nanoTime();
        CountDownLatch ran = new CountDownLatch(1);
        long[] elapsed = new long[1];
        wheel.schedule(() -> {
            elapsed[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            ran.countDown();
        }, delay);
        assertThat(ran.await(delay + 5_000, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(elapsed[0]).isBetween(delay, delay + DeadlineWheel.TICK_MILLIS + MARGIN_MS);
    }

    @Test
    void aCancelledTaskNeverRunsAndLeavesNothingScheduled() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        List<DeadlineWheel.Timeout> timeouts = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            timeouts.add(wheel.schedule(runs::incrementAndGet, 50 + i % 20));
        }
        CountDownLatch kept = new CountDownLatch(1);
        wheel.schedule(kept::countDown, 60);
        assertThat(wheel.scheduled()).isEqualTo(1_001);
        timeouts.forEach(DeadlineWheel.Timeout::cancel);
        timeouts.forEach(DeadlineWheel.Timeout::cancel); // twice is once
        assertThat(wheel.scheduled()).isEqualTo(1);

        assertThat(kept.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(100); // past every cancelled deadline
        assertThat(runs).hasValue(0);
        assertThat(wheel.scheduled()).isZero();
    }

    @Test
    void schedulesAndCancelsFromManyThreadsKeepTheCountExact() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        int threads = 4;
        int perThread = 5_000;
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    DeadlineWheel.Timeout timeout = wheel.schedule(runs::incrementAndGet, i % 2 == 0 ? 0 : 10_000);
                    if (i % 2 == 1) {
                        timeout.cancel();
                    }
                }
            });
            thread.start();
            started.add(thread);
        }
        for (Thread thread : started) {
            thread.join();
        }
        Await.until(Duration.ofSeconds(5), () -> runs.get() == threads * perThread / 2, "every uncancelled task ran");
        assertThat(wheel.scheduled()).isZero();
    }

    @Test
    void aTaskThatThrowsDoesNotStopTheWheel() throws Exception {
        wheel.schedule(() -> {
            throw new IllegalStateException("a failing deadline (expected in this test's output)");
        }, 0);
        wheel.schedule(() -> {
            throw new AssertionError("an Error from a deadline (expected in this test's output)");
        }, 5);
        CountDownLatch after = new CountDownLatch(1);
        wheel.schedule(after::countDown, 20);
        assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anIdleWheelSleepsUntilTheNextSchedule() throws Exception {
        Thread sweeper = sweeper();
        Await.until(Duration.ofSeconds(5), () -> sweeper.getState() == Thread.State.WAITING,
                "the sweeper parked without a timeout");
        CountDownLatch ran = new CountDownLatch(1);
        long start = System.nanoTime();
        wheel.schedule(ran::countDown, 30);
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(30L, 30 + DeadlineWheel.TICK_MILLIS + MARGIN_MS);
        Await.until(Duration.ofSeconds(5), () -> sweeper.getState() == Thread.State.WAITING,
                "the sweeper parked again once the wheel was empty");
    }

    @Test
    void aClosedWheelRefusesNewTasksAndItsThreadEnds() throws Exception {
        Thread sweeper = sweeper();
        wheel.close();
        sweeper.join(5_000);
        assertThat(sweeper.isAlive()).isFalse();
        assertThatThrownBy(() -> wheel.schedule(() -> { }, 1)).isInstanceOf(RejectedExecutionException.class);
    }

    private Thread sweeper() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name) && t.isAlive())
                .findFirst().orElseThrow();
    }
}
