package io.mig.core.spi;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Flow.Publisher} fed by pushing: {@link #emit}, then {@link #complete} or {@link #fail}.
 * It serves one subscriber, buffers what the subscriber has not asked for yet, and delivers in
 * order, never concurrently. With an executor, delivery runs there, so the thread that emits never
 * waits for a slow subscriber.
 *
 * <pre>{@code
 * Emitter<StreamItem> out = new Emitter<>();
 * out.emit(StreamItem.next(token));
 * out.emit(StreamItem.last(result));
 * out.complete();
 * return out;
 * }</pre>
 */
public final class Emitter<T> implements Flow.Publisher<T> {
    private final Queue<T> queue = new ConcurrentLinkedQueue<>();
    // the queue's length, counted: ConcurrentLinkedQueue.size() walks the whole queue, and a
    // publisher asks for the backlog of every subscriber per event (issue #12, P5a)
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong requested = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final AtomicBoolean cancelCallbackRun = new AtomicBoolean();
    private final Executor executor;
    private final Runnable drainTask = this::drain; // one instance, not one per hand-off
    private volatile Flow.Subscriber<? super T> subscriber;
    private volatile boolean done;
    private volatile Throwable failure;
    private volatile boolean cancelled;
    private volatile boolean terminated;
    private volatile Runnable onCancel = () -> { };
    private volatile java.util.function.LongConsumer onRequest = n -> { };

    /** Delivers on the thread that emits or requests. */
    public Emitter() {
        this(null);
    }

    /** Delivers on {@code executor} (null: on the calling thread). */
    public Emitter(Executor executor) {
        this.executor = executor;
    }

    /**
     * Runs once when the subscriber cancels before the stream ended; never after {@link #complete}
     * or {@link #fail} (a subscriber that cancels once it has its answer did not cancel the work).
     */
    public Emitter<T> onCancel(Runnable action) {
        this.onCancel = Objects.requireNonNull(action);
        if (cancelled && !done) {
            runCancelCallback();
        }
        return this;
    }

    /** Told of each demand increase, for sources that produce on demand. */
    public Emitter<T> onRequest(java.util.function.LongConsumer action) {
        this.onRequest = Objects.requireNonNull(action);
        return this;
    }

    /** Queues an item; returns false when the stream is already finished or cancelled. */
    public boolean emit(T item) {
        Objects.requireNonNull(item, "item");
        if (done || cancelled) {
            return false;
        }
        queued.incrementAndGet(); // before the offer: the count never falls below the queue's length
        queue.offer(item);
        signal();
        return true;
    }

    public void complete() {
        done = true;
        signal();
    }

    public void fail(Throwable error) {
        if (done) {
            return;
        }
        failure = Objects.requireNonNull(error);
        done = true;
        signal();
    }

    public boolean isCancelled() {
        return cancelled;
    }

    public boolean isDone() {
        return done;
    }

    /** Items emitted and not yet delivered. */
    public int backlog() {
        return queued.get();
    }

    /** Demand the subscriber signalled that no item has met yet. */
    public long outstandingDemand() {
        return requested.get();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> s) {
        Objects.requireNonNull(s);
        if (!subscribed.compareAndSet(false, true)) {
            s.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            s.onError(new IllegalStateException("this stream has a subscriber already"));
            return;
        }
        s.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                if (n <= 0) {
                    fail(new IllegalArgumentException("request(" + n + "): demand must be positive (§3.9)"));
                    return;
                }
                requested.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
                onRequest.accept(n);
                signal();
            }

            @Override
            public void cancel() {
                cancelled = true;
                while (queue.poll() != null) {
                    queued.decrementAndGet();
                }
                if (!done) {
                    // a stream the producer already ended (completed or failed) was not cancelled:
                    // a subscriber cancelling after its end must not make the producer think so
                    runCancelCallback();
                }
            }
        });
        subscriber = s;
        signal();
    }

    private void runCancelCallback() {
        if (cancelCallbackRun.compareAndSet(false, true)) {
            onCancel.run();
        }
    }

    private void signal() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        if (executor == null) {
            drain();
        } else {
            executor.execute(drainTask);
        }
    }

    private void drain() {
        int missed = 1;
        while (true) {
            Flow.Subscriber<? super T> s = subscriber;
            if (s != null && !terminated) {
                long r = requested.get();
                long delivered = 0;
                while (delivered != r && !cancelled) {
                    T item = queue.poll();
                    if (item == null) {
                        break;
                    }
                    queued.decrementAndGet();
                    s.onNext(item);
                    delivered++;
                }
                if (delivered != 0 && r != Long.MAX_VALUE) {
                    requested.addAndGet(-delivered);
                }
                if (!cancelled && done && queue.isEmpty()) {
                    terminated = true;
                    Throwable error = failure;
                    if (error == null) {
                        s.onComplete();
                    } else {
                        s.onError(error);
                    }
                }
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }
}
