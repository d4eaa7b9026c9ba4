package io.mig.core.gateway;

import io.mig.core.error.MigException;
import io.mig.core.model.EventMessage;
import io.mig.core.port.out.EventLog;
import io.mig.core.port.out.GatewayMetrics;
import io.mig.core.port.out.StoredEvent;
import io.mig.core.spi.Emitter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One subscriber's view of a (tenant, topic) stream: it replays retained events from the log at
 * the subscriber's own pace, then follows live events through a bounded queue. The switch is
 * atomic in the log, so nothing is skipped or repeated between replay and live. A subscriber that
 * lets its live queue overflow is cut off with {@code MIG_BACKPRESSURE}; publishers never wait.
 *
 * <p>Opened by a binding for a long-lived call ({@link MigGateway#openSubscription}), it also owns
 * that call's lifecycle, the same on every binding: the connection view's row (with topic, cursor
 * and consumer), the active-streams gauge, and the end at credential expiry — the subscriber gets
 * {@code onError} with {@code MIG_UNAUTHORIZED} when the token it subscribed with expires. All of
 * it is released when the subscriber cancels, the subscription is cut off, or {@link #close} is called.
 */
public final class EventSubscription implements Flow.Publisher<EventMessage>, AutoCloseable {
    private static final int PAGE = 256;
    /**
     * The live message of the event the log hands to its followers now: a publish to 1,000
     * subscribers builds it once, not 1,000 times (issue #12, P5a). Keyed by the stored event's
     * identity, so it can never stand for another event; it holds one event at most.
     */
    private static volatile LiveMessage lastLive;

    private final EventLog log;
    private final String tenant;
    private final String topic;
    private final int maxInflight;
    private final Executor executor;
    private final GatewayMetrics metrics;
    private final Emitter<EventMessage> out;
    private final Executor lane;
    private final AtomicInteger pumping = new AtomicInteger();
    private final List<StoredEvent> arrivedDuringSwitch = new ArrayList<>();
    private long cursor; // the last sequence handed to the emitter
    /**
     * The stream's newest sequence when the subscription was opened: events up to it are replay,
     * later ones are live, however they reach us. The first page is read lazily, on the subscriber's
     * first demand, so an event published between opening and that read comes in the page — it
     * was published after the subscriber asked, so it is live (SPEC §3.4).
     */
    private final long replayUpTo;
    private volatile boolean live;
    private boolean closed;
    private AutoCloseable following;
    private volatile Caller caller;
    private volatile ConnectionLeases.Lease lease;

    /**
     * @param executor where the log is read and left (it may block: a remote log)
     * @param lane where events are handed to the subscriber, in order (see {@link DeliveryLanes})
     */
    EventSubscription(EventLog log, String tenant, String topic, long after, int maxInflight, Executor executor,
                      Executor lane, GatewayMetrics metrics) {
        this.log = log;
        this.tenant = tenant;
        this.topic = topic;
        this.cursor = after;
        this.replayUpTo = log.lastSequence(tenant, topic);
        this.maxInflight = maxInflight;
        this.executor = executor;
        this.metrics = metrics;
        this.lane = lane;
        this.out = new Emitter<>(lane);
        out.onRequest(n -> {
            if (!live) { // once live, the log pushes: more demand needs no read
                schedulePump();
            }
        });
        out.onCancel(this::close);
    }

    @Override
    public void subscribe(Flow.Subscriber<? super EventMessage> subscriber) {
        out.subscribe(subscriber);
    }

    /**
     * Runs {@code task} where this subscription delivers, after the events it is handing over now:
     * a binding that queues each event and writes once per batch writes there. Never blocks.
     */
    public void afterDelivery(Runnable task) {
        lane.execute(task);
    }

    /** The caller as checked when the subscription opened (null for one opened without a lifecycle). */
    public Caller caller() {
        return caller;
    }

    /**
     * Ends the subscription without a signal to its subscriber — the binding's transport is gone, or
     * it never subscribed — and releases everything it holds (idempotent).
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            leaveLog(following);
            arrivedDuringSwitch.clear();
        }
        release();
    }

    /** Ties the subscription to a long-lived call: released with it, ended when its credentials expire. */
    void attach(Caller owner, ConnectionLeases.Lease held) {
        this.caller = owner;
        this.lease = held;
        boolean alreadyClosed;
        synchronized (this) {
            alreadyClosed = closed;
        }
        if (alreadyClosed) {
            held.close();
        }
    }

    /** The credentials the subscription was opened with expired (SPEC §3.2). */
    void credentialsExpired() {
        terminate(MigException.unauthorized("the bearer token expired"));
    }

    private void schedulePump() {
        if (pumping.getAndIncrement() == 0) {
            executor.execute(this::pump);
        }
    }

    /** Replays pages while the subscriber has demand, until the log attaches us as a follower. */
    private void pump() {
        int missed = 1;
        while (true) {
            try {
                replayWhileDemanded();
            } catch (RuntimeException e) {
                terminate(MigException.from(e));
            }
            missed = pumping.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void replayWhileDemanded() {
        while (true) {
            long want;
            long after;
            synchronized (this) {
                if (live || closed) {
                    return;
                }
                want = Math.min(PAGE, out.outstandingDemand() - out.backlog());
                after = cursor;
            }
            if (want <= 0) {
                return;
            }
            EventLog.ReadResult page = log.readOrFollow(tenant, topic, after, (int) want, this::onLive);
            synchronized (this) {
                if (closed) {
                    leaveLog(page.following());
                    return;
                }
                for (StoredEvent event : page.events()) {
                    deliver(event, event.sequence() <= replayUpTo);
                }
                if (page.caughtUp()) {
                    following = page.following();
                    live = true;
                    for (StoredEvent event : arrivedDuringSwitch) {
                        offerLive(event);
                    }
                    arrivedDuringSwitch.clear();
                    return;
                }
            }
        }
    }

    /** Called by the log, in sequence order, on the publisher's thread: never blocks. */
    private void onLive(StoredEvent event) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (!live) {
                // attached by the read that is still being delivered; queue behind it
                arrivedDuringSwitch.add(event);
                return;
            }
            offerLive(event);
        }
    }

    private void offerLive(StoredEvent event) {
        if (event.sequence() <= cursor) {
            return;
        }
        if (out.backlog() >= maxInflight) {
            metrics.backpressure();
            terminate(MigException.backpressure("subscriber is too slow: more than " + maxInflight
                            + " live events waiting")
                    .withDetail("last_sequence", cursor)
                    .withDetail("max_inflight", maxInflight));
            return;
        }
        deliver(event, false);
    }

    private void deliver(StoredEvent event, boolean replay) {
        if (event.sequence() <= cursor) {
            return;
        }
        cursor = event.sequence();
        out.emit(replay ? message(event, true) : liveMessage(event));
    }

    private static EventMessage liveMessage(StoredEvent event) {
        LiveMessage last = lastLive;
        if (last != null && last.source == event) {
            return last.message;
        }
        EventMessage message = message(event, false);
        lastLive = new LiveMessage(event, message);
        return message;
    }

    private static EventMessage message(StoredEvent event, boolean replay) {
        return new EventMessage(event.header(), event.topic(), event.eventId(), event.sequence(), event.payload(),
                event.publishedAt(), replay);
    }

    private record LiveMessage(StoredEvent source, EventMessage message) {
    }

    private void terminate(MigException error) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            leaveLog(following);
        }
        release();
        out.fail(error); // queued events are still delivered first, so last_sequence is exact
    }

    private void release() {
        ConnectionLeases.Lease held = lease;
        if (held != null) {
            held.close();
        }
    }

    /**
     * Detaches from the log on the executor, never on the caller's thread: callers hold this
     * subscription's lock, and the log calls {@link #onLive} holding its stream's lock, so leaving
     * the stream (which takes that lock) here would take the two locks in the other order — a
     * deadlock of the topic, its publishers and its subscribers (found by bench/soak).
     */
    private void leaveLog(AutoCloseable handle) {
        if (handle == null) {
            return;
        }
        try {
            executor.execute(() -> closeQuietly(handle));
        } catch (RejectedExecutionException shuttingDown) {
            closeQuietly(handle); // the gateway is closing: nobody publishes any more
        }
    }

    private static void closeQuietly(AutoCloseable handle) {
        if (handle != null) {
            try {
                handle.close();
            } catch (Exception ignored) {
                // detaching from an in-memory or remote log cannot fail in a way we could act on
            }
        }
    }
}
