package io.mig.binding.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The keep-alive wheel in virtual time (its ticks driven by the test, so no bound depends on the
 * machine's load): every stream gets a byte within the interval, a comment only when it was idle,
 * and a tick visits only the streams whose comment is due (SPEC §3.4, issue #12 P5b).
 */
class KeepAliveSweepTest {
    private static final Duration INTERVAL = Duration.ofSeconds(15);
    private static final long INTERVAL_NANOS = INTERVAL.toNanos();
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(KeepAliveSweep.tickMillis(INTERVAL));
    private static final long ORIGIN = 1_000_000_000L;

    /** A stream that records its writes: the events the test writes and the comments the wheel asks for. */
    private static final class FakeStream implements KeepAliveSweep.Stream {
        long lastWrite;
        long maxGap;
        long shortestCommentGap = Long.MAX_VALUE;
        int comments;
        int visits;
        boolean aborted;
        boolean failing;

        FakeStream(long openedAt) {
            lastWrite = openedAt;
        }

        void write(long at) {
            maxGap = Math.max(maxGap, at - lastWrite);
            lastWrite = at;
        }

        @Override
        public long keepAliveIfIdle(long now, long idleNanos) {
            visits++;
            if (failing) {
                throw new IllegalStateException("the client is gone");
            }
            if (now - lastWrite >= idleNanos) {
                shortestCommentGap = Math.min(shortestCommentGap, now - lastWrite);
                comments++;
                write(now);
            }
            return lastWrite;
        }

        @Override
        public void abort() {
            aborted = true;
        }
    }

    @Test
    void everyStreamGetsAByteWithinTheIntervalAndACommentOnlyWhenIdle() {
        Random random = new Random(12);
        KeepAliveSweep wheel = new KeepAliveSweep(INTERVAL, ORIGIN);
        List<FakeStream> streams = new ArrayList<>();
        long lateness = TICK_NANOS / 4; // a timer thread that runs up to a quarter tick late
        long now = ORIGIN;
        int ticks = (int) (10 * INTERVAL_NANOS / TICK_NANOS);
        for (int tick = 1; tick <= ticks; tick++) {
            long tickAt = ORIGIN + tick * TICK_NANOS + (long) (random.nextDouble() * lateness);
            if (tick <= INTERVAL_NANOS / TICK_NANOS) { // streams open throughout the first interval
                for (int i = 0; i < 1_000; i++) {
                    FakeStream stream = new FakeStream(now + (long) (random.nextDouble() * (tickAt - now)));
                    streams.add(stream);
                    wheel.add(stream, stream.lastWrite);
                }
            }
            for (FakeStream stream : streams) { // a few carry events: their writes move their deadline
                if (random.nextInt(100) == 0) {
                    stream.write(Math.max(stream.lastWrite, now + (long) (random.nextDouble() * (tickAt - now))));
                }
            }
            now = tickAt;
            wheel.runDue(now);
        }
        long end = now;
        assertThat(wheel.size()).isEqualTo(streams.size()).isEqualTo(15_000);
        for (FakeStream stream : streams) {
            stream.write(Math.max(end, stream.lastWrite)); // the time since its last byte counts too
            // the tick kept as a margin covers a timer that runs late
            assertThat(stream.maxGap).as("longest time without a byte").isLessThanOrEqualTo(INTERVAL_NANOS - TICK_NANOS + lateness);
            assertThat(stream.shortestCommentGap).as("a comment after less idle time than the interval less two ticks")
                    .isGreaterThanOrEqualTo(INTERVAL_NANOS - 2 * TICK_NANOS);
        }
        int comments = streams.stream().mapToInt(s -> s.comments).sum();
        assertThat(comments).as("about one comment per stream per interval over ten intervals").isBetween(8 * 15_000, 11 * 15_000);
    }

    @Test
    void aTickVisitsOnlyTheStreamsWhoseCommentIsDue() {
        KeepAliveSweep wheel = new KeepAliveSweep(INTERVAL, ORIGIN);
        List<FakeStream> streams = new ArrayList<>();
        int ticksPerInterval = (int) (INTERVAL_NANOS / TICK_NANOS);
        int ticks = 5 * ticksPerInterval;
        for (int tick = 1; tick <= ticks; tick++) {
            long tickAt = ORIGIN + tick * TICK_NANOS;
            if (tick <= ticksPerInterval) { // 10,000 streams open evenly over the first interval
                int opening = 10_000 / ticksPerInterval;
                for (int i = 0; i < opening; i++) {
                    FakeStream stream = new FakeStream(tickAt - TICK_NANOS + i * (TICK_NANOS / opening));
                    streams.add(stream);
                    wheel.add(stream, stream.lastWrite);
                }
            }
            wheel.runDue(tickAt);
        }
        int visits = streams.stream().mapToInt(s -> s.visits).sum();
        int comments = streams.stream().mapToInt(s -> s.comments).sum();
        // a sweep of every stream every tick would have made 10,000 × 75 visits
        assertThat(visits).as("visits of idle streams").isEqualTo(comments);
        assertThat(comments).isBetween(4 * 10_000, 5 * 10_000);
    }

    @Test
    void aCancelledStreamIsNeverVisitedAndAFailingOneIsAbortedAndDropped() {
        KeepAliveSweep wheel = new KeepAliveSweep(INTERVAL, ORIGIN);
        List<FakeStream> streams = new ArrayList<>();
        List<KeepAliveSweep.Member> members = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            FakeStream stream = new FakeStream(ORIGIN);
            streams.add(stream);
            members.add(wheel.add(stream, ORIGIN));
        }
        for (int i = 0; i < 300; i += 3) {
            members.get(i).cancel();
            members.get(i).cancel(); // idempotent
            streams.get(i + 1).failing = true;
        }
        assertThat(wheel.size()).isEqualTo(200);
        for (int tick = 1; tick <= 3 * INTERVAL_NANOS / TICK_NANOS; tick++) {
            wheel.runDue(ORIGIN + tick * TICK_NANOS);
        }
        for (int i = 0; i < 300; i += 3) {
            assertThat(streams.get(i).visits).as("cancelled").isZero();
            assertThat(streams.get(i + 1).aborted).as("failing, aborted").isTrue();
            assertThat(streams.get(i + 1).visits).as("failing, visited once").isEqualTo(1);
            assertThat(streams.get(i + 2).comments).as("open").isBetween(2, 3);
        }
        assertThat(wheel.size()).isEqualTo(100);
    }

    @Test
    void aLateTimerCatchesUpOnTheTicksItMissed() {
        KeepAliveSweep wheel = new KeepAliveSweep(INTERVAL, ORIGIN);
        FakeStream early = new FakeStream(ORIGIN);
        FakeStream later = new FakeStream(ORIGIN + 5 * TICK_NANOS);
        wheel.add(early, early.lastWrite);
        wheel.add(later, later.lastWrite);
        long stalledUntil = ORIGIN + INTERVAL_NANOS + 6 * TICK_NANOS; // no tick for longer than an interval
        wheel.runDue(stalledUntil);
        assertThat(early.comments).isEqualTo(1);
        assertThat(later.comments).isEqualTo(1);
        wheel.runDue(stalledUntil + TICK_NANOS);
        assertThat(early.comments + later.comments).as("no second comment one tick later").isEqualTo(2);
    }
}
