package io.mig.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** A subscriber that records what it gets and requests only what the test says. */
final class Recorder<T> implements Flow.Subscriber<T> {
    final List<T> items = new CopyOnWriteArrayList<>();
    final AtomicReference<Throwable> error = new AtomicReference<>();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final long initialDemand;
    private volatile boolean completed;
    private volatile Flow.Subscription subscription;
    private volatile boolean overDemand;
    private long outstanding;

    /** Requests {@code initialDemand} at subscription (Long.MAX_VALUE: everything). */
    Recorder(long initialDemand) {
        this.initialDemand = initialDemand;
    }

    static <T> Recorder<T> unbounded() {
        return new Recorder<>(Long.MAX_VALUE);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        synchronized (this) {
            outstanding = initialDemand;
        }
        if (initialDemand > 0) {
            s.request(initialDemand);
        }
    }

    @Override
    public void onNext(T item) {
        synchronized (this) {
            if (outstanding != Long.MAX_VALUE && outstanding-- <= 0) {
                overDemand = true;
            }
        }
        items.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        error.set(throwable);
        terminated.countDown();
    }

    @Override
    public void onComplete() {
        completed = true;
        terminated.countDown();
    }

    void request(long n) {
        synchronized (this) {
            outstanding += n;
        }
        subscription.request(n);
    }

    void cancel() {
        subscription.cancel();
    }

    boolean completed() {
        return completed;
    }

    /** True when the publisher delivered more than was requested (Reactive Streams 1.1). */
    boolean deliveredBeyondDemand() {
        return overDemand;
    }

    boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
