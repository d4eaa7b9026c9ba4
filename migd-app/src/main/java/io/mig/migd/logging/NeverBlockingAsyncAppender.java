package io.mig.migd.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import java.io.Flushable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.event.KeyValuePair;

/**
 * Hands every event to a bounded queue and writes it on a thread of its own, so no request ever
 * waits for a log write. When the queue is full the event is dropped, whatever its level, and
 * counted; at most once a second the writer thread reports the count as a {@code WARN} line of the
 * logger {@code migd.logging} ({@code dropped} field), and {@link #droppedEvents()} gives the total.
 *
 * <p>Logback's own {@code AsyncAppender} with {@code neverBlock} drops silently, and by default
 * discards INFO lines — the access log — once the queue is 80% full. After each batch the writer
 * flushes the attached appenders that are {@link Flushable}, so a burst of lines costs one write;
 * then it lingers {@link #LINGER_NANOS} before it looks again, so that lines arriving steadily (an
 * access line per request) are written a batch at a time too, and no request's thread has to wake
 * the writer for its line. (Woken per line, the writer switched in once every 2.4 requests at 12,000
 * a second: 12 % of a core.)
 * Usable from a Logback configuration file like {@code AsyncAppender} (attach appenders with
 * {@code <appender-ref>}; property {@code queueSize}).
 */
public class NeverBlockingAsyncAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
        implements AppenderAttachable<ILoggingEvent> {
    /** Events the queue holds by default. */
    public static final int DEFAULT_QUEUE_SIZE = 8192;
    private static final int BATCH = 512;
    private static final long REPORT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long STOP_WAIT_MILLIS = 5_000;
    private static final long QUIET_MILLIS = 100;
    /** How long the writer waits after a batch before it takes the next: lines are that much later. */
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final AppenderAttachableImpl<ILoggingEvent> appenders = new AppenderAttachableImpl<>();
    private final AtomicLong dropped = new AtomicLong();
    private int queueSize = DEFAULT_QUEUE_SIZE;
    private BlockingQueue<ILoggingEvent> queue;
    private Thread writer;
    private volatile boolean stopping;
    private long reported;
    private long lastReport = System.nanoTime() - REPORT_INTERVAL_NANOS;

    /** How many events wait for the writer before new ones are dropped. */
    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public int getQueueSize() {
        return queueSize;
    }

    /** Events dropped since start because the queue was full. */
    public long droppedEvents() {
        return dropped.get();
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        if (queueSize < 1) {
            addError("queueSize must be at least 1, not " + queueSize);
            return;
        }
        if (!appenders.iteratorForAppenders().hasNext()) {
            addWarn("no appender attached to " + getName() + ": its events go nowhere");
        }
        queue = new ArrayBlockingQueue<>(queueSize);
        stopping = false;
        writer = new Thread(this::writeUntilStopped, "migd-log-" + getName());
        writer.setDaemon(true);
        super.start();
        writer.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        if (!queue.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    /**
     * Writes what is queued and what still arrives until the log has been quiet for 100 ms (a request
     * thread may log its access line just after its response went out), for at most 5 s; then
     * stops the attached appenders.
     */
    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        stopping = true;
        try {
            writer.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        super.stop();
        if (writer.isAlive()) {
            addWarn(queue.size() + " log events not written within " + STOP_WAIT_MILLIS + " ms of stopping");
            writer.interrupt();
        }
        appenders.detachAndStopAllAppenders();
    }

    private void writeUntilStopped() {
        List<ILoggingEvent> batch = new ArrayList<>(BATCH);
        try {
            while (true) {
                ILoggingEvent first = queue.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    reportDrops(stopping);
                    flush();
                    if (stopping) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                for (ILoggingEvent event : batch) {
                    appenders.appendLoopOnAppenders(event);
                }
                batch.clear();
                reportDrops(false);
                if (queue.isEmpty()) {
                    flush();
                    if (!stopping) {
                        LockSupport.parkNanos(this, LINGER_NANOS);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            flush();
        }
    }

    private void reportDrops(boolean now) {
        long total = dropped.get();
        if (total == reported || (!now && System.nanoTime() - lastReport < REPORT_INTERVAL_NANOS)) {
            return;
        }
        long count = total - reported;
        reported = total;
        lastReport = System.nanoTime();
        LoggerContext context = (LoggerContext) getContext();
        LoggingEvent event = new LoggingEvent(NeverBlockingAsyncAppender.class.getName(), context.getLogger("migd.logging"),
                Level.WARN, count + " log events dropped: the log queue (" + queueSize + " events) was full", null, null);
        event.addKeyValuePair(new KeyValuePair("dropped", count));
        event.prepareForDeferredProcessing();
        appenders.appendLoopOnAppenders(event);
    }

    private void flush() {
        for (Iterator<Appender<ILoggingEvent>> it = appenders.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof Flushable flushable) {
                try {
                    flushable.flush();
                } catch (IOException e) {
                    addError("flushing the log failed", e);
                }
            }
        }
    }

    @Override
    public void addAppender(Appender<ILoggingEvent> appender) {
        appenders.addAppender(appender);
    }

    @Override
    public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
        return appenders.iteratorForAppenders();
    }

    @Override
    public Appender<ILoggingEvent> getAppender(String name) {
        return appenders.getAppender(name);
    }

    @Override
    public boolean isAttached(Appender<ILoggingEvent> appender) {
        return appenders.isAttached(appender);
    }

    @Override
    public void detachAndStopAllAppenders() {
        appenders.detachAndStopAllAppenders();
    }

    @Override
    public boolean detachAppender(Appender<ILoggingEvent> appender) {
        return appenders.detachAppender(appender);
    }

    @Override
    public boolean detachAppender(String name) {
        return appenders.detachAppender(name);
    }
}
