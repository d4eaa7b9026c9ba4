package io.mig.binding.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hang-up watches of unary calls: armed only for calls still running after the delay, each once,
 * never before the delay, and nothing ticks once no call waits.
 */
class LateWatchesTest {
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final LateWatches watches = new LateWatches(timer);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void aCallStillRunningAfterTheDelayIsArmedOnceAndNotBefore() throws Exception {
        // the second call starts while the first waits: the tick that arms the first must not arm it
        int calls = 2;
        CountDownLatch armed = new CountDownLatch(calls);
        long[] startedAt = new long[calls];
        long[] armedAt = new long[calls];
        AtomicInteger arms = new AtomicInteger();
        List<LateWatch> running = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            int call = i;
            startedAt[call] = System.nanoTime();
            running.add(watches.after(() -> {
                armedAt[call] = System.nanoTime();
                arms.incrementAndGet();
                armed.countDown();
                return null;
            }));
            Thread.sleep(LateWatches.DELAY_MILLIS * 3 / 5);
        }

        assertThat(armed.await(10, TimeUnit.SECONDS)).isTrue();
        for (int call = 0; call < calls; call++) {
            assertThat(armedAt[call] - startedAt[call]).as("call %d armed after its delay, not before", call)
                    .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(LateWatches.DELAY_MILLIS));
        }
        assertThat(running.get(0).finish()).as("no watch registered, so nothing was read ahead").isFalse();
        running.get(1).finish();
        awaitIdle();
        assertThat(arms).hasValue(calls);
        assertThat(timer.getCompletedTaskCount()).as("one tick a delay, not a busy loop").isLessThan(20);
    }

    @Test
    void ofManyCallsFromSeveralThreadsOnlyThoseStillRunningAreArmedEachOnce() throws Exception {
        int perThread = 2_500;
        ConcurrentHashMap<Integer, AtomicInteger> armed = new ConcurrentHashMap<>();
        List<Thread> callers = new ArrayList<>();
        List<LateWatch> running = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            int thread = t;
            Thread caller = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    int call = thread * perThread + i;
                    LateWatch watch = watches.after(() -> {
                        armed.computeIfAbsent(call, c -> new AtomicInteger()).incrementAndGet();
                        return null;
                    });
                    if (call % 2 == 0) {
                        watch.finish(); // answered at once: never armed
                    } else {
                        running.add(watch);
                    }
                }
            });
            caller.start();
            callers.add(caller);
        }
        for (Thread caller : callers) {
            caller.join();
        }
        awaitIdle();

        assertThat(armed.keySet()).as("exactly the calls still running").hasSize(4 * perThread / 2)
                .allMatch(call -> call % 2 == 1);
        assertThat(armed.values()).allMatch(count -> count.get() == 1);
        running.forEach(LateWatch::finish);
    }

    @Test
    void aCallThatFinishesBeforeTheDelayIsNeverArmedAndTheTickingStops() throws Exception {
        AtomicInteger arms = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            watches.after(() -> {
                arms.incrementAndGet();
                return null;
            }).finish();
        }
        awaitIdle();
        assertThat(arms).hasValue(0);
        Thread.sleep(4 * LateWatches.DELAY_MILLIS);
        assertThat(timer.getQueue()).as("no tick is scheduled while no call waits").isEmpty();
        assertThat(timer.getCompletedTaskCount()).as("a few ticks, not one per call").isLessThan(10);

        // and it starts again for the next call
        CountDownLatch armed = new CountDownLatch(1);
        watches.after(() -> {
            armed.countDown();
            return null;
        });
        assertThat(armed.await(10, TimeUnit.SECONDS)).isTrue();
    }

    private void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (watches.waiting() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(watches.waiting()).as("calls still queued after 10 s").isZero();
    }
}
