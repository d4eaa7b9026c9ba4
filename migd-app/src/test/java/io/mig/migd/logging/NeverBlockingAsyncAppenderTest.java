package io.mig.migd.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import java.io.Flushable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The drop policy (docs/CONFIGURATION.md, "Logging"): a full queue drops events instead of making the
 * caller wait, counts them, and says so in a line of its own; stopping writes what was queued. Lines
 * that arrive steadily are written a batch at a time.
 */
class NeverBlockingAsyncAppenderTest {

    /** An appender that writes nothing until it is let go, like a log file on a stalled disk. */
    private static final class StalledAppender extends AppenderBase<ILoggingEvent> {
        final CountDownLatch stalled = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<ILoggingEvent> written = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            stalled.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            written.add(event);
        }
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlockingAndStoppingWritesTheRest() throws Exception {
        StalledAppender out = new StalledAppender();
        NeverBlockingAsyncAppender async = new NeverBlockingAsyncAppender();
        async.setQueueSize(4);
        Logger logger = logger(async, out);

        logger.info("first");
        assertThat(out.stalled.await(10, TimeUnit.SECONDS)).as("the writer holds the first line").isTrue();
        for (int i = 0; i < 20; i++) {
            logger.error("line {}", i); // returns although nothing can be written: 4 wait, 16 are dropped
        }
        assertThat(async.droppedEvents()).isEqualTo(16);

        out.release.countDown();
        async.stop();
        List<String> messages = out.written.stream().filter(event -> event.getLoggerName().equals("test.requests"))
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(messages).containsExactly("first", "line 0", "line 1", "line 2", "line 3");
        List<ILoggingEvent> reports = out.written.stream().filter(event -> !event.getLoggerName().equals("test.requests")).toList();
        assertThat(reports).hasSize(1);
        ILoggingEvent report = reports.get(0);
        assertThat(report.getLoggerName()).isEqualTo("migd.logging");
        assertThat(report.getLevel()).isEqualTo(Level.WARN);
        assertThat(report.getFormattedMessage()).isEqualTo("16 log events dropped: the log queue (4 events) was full");
        assertThat(report.getKeyValuePairs()).singleElement().satisfies(pair -> {
            assertThat(pair.key).isEqualTo("dropped");
            assertThat(pair.value).isEqualTo(16L);
        });
        assertThat(out.isStarted()).as("stopping stops what is attached").isFalse();
    }

    /** Records what it is given and how often it is flushed, like the buffered stream of the real log. */
    private static final class CountingAppender extends AppenderBase<ILoggingEvent> implements Flushable {
        final List<String> written = new CopyOnWriteArrayList<>();
        final AtomicInteger flushes = new AtomicInteger();

        @Override
        protected void append(ILoggingEvent event) {
            written.add(event.getFormattedMessage());
        }

        @Override
        public void flush() {
            flushes.incrementAndGet();
        }
    }

    @Test
    void linesArrivingOneByOneAreWrittenInBatchesNotOneWriteEach() {
        CountingAppender out = new CountingAppender();
        NeverBlockingAsyncAppender async = new NeverBlockingAsyncAppender();
        Logger logger = logger(async, out);

        long start = System.nanoTime();
        int lines = 1_000;
        for (int i = 0; i < lines; i++) {
            logger.info("line {}", i);
            LockSupport.parkNanos(50_000); // an access line every 50 µs or more: the writer is faster
        }
        async.stop();
        long elapsed = System.nanoTime() - start;

        assertThat(out.written).as("every line, in order")
                .containsExactlyElementsOf(IntStream.range(0, lines).mapToObj(i -> "line " + i).toList());
        // woken per line, the writer would flush about once per line; lingering, at most once per
        // linger (and once more on stopping)
        assertThat(out.flushes.get()).as("flushes over %d ms for %d lines", elapsed / 1_000_000, lines)
                .isLessThanOrEqualTo((int) (elapsed / NeverBlockingAsyncAppender.LINGER_NANOS) + 3)
                .isLessThan(lines / 2);
    }

    /** The logger {@code test.requests} at INFO, writing through {@code async} (started) into {@code out}. */
    private static Logger logger(NeverBlockingAsyncAppender async, AppenderBase<ILoggingEvent> out) {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        out.setContext(context);
        out.start();
        async.setContext(context);
        async.setName("test");
        async.addAppender(out);
        async.start();
        Logger logger = context.getLogger("test.requests");
        logger.setLevel(Level.INFO);
        logger.addAppender(async);
        return logger;
    }
}
