package io.mig.state.jetstream;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A KV watch (of one key, or of the whole bucket) that outlives a NATS outage. jnats notices a
 * watch whose server-side consumer is gone only after three missed heartbeats (15 s) and gives up
 * if JetStream is not back by then; SPEC §10 wants an instance that recovers by itself and changes
 * visible within 1 s. So when the connection comes back this watch starts a new one from the
 * revision after the last it delivered, and tries again every {@value #RETRY_MILLIS} ms until
 * JetStream answers. Revisions rise in the order a watch delivers them, so one delivered twice
 * (by the old and the new subscription) is told once.
 */
final class ResumingWatch implements AutoCloseable, ConnectionListener {
    private static final long RETRY_MILLIS = 250;

    private final Connection connection;
    private final KeyValue kv;
    private final String keys;
    private final KeyValueWatcher target;
    private final ScheduledExecutorService retries;
    private NatsKeyValueWatchSubscription subscription;
    private long lastRevision;
    private boolean endOfDataTold;
    private boolean closed;
    private int restarts; // counts restarts so that a retry scheduled for an older one stops

    /**
     * @param keys a key, or {@code >} for the whole bucket
     * @param retries where restarts run (never on a connection or dispatcher thread)
     */
    ResumingWatch(Connection connection, KeyValue kv, String keys, KeyValueWatcher target, ScheduledExecutorService retries)
            throws Exception {
        this.connection = connection;
        this.kv = kv;
        this.keys = keys;
        this.target = target;
        this.retries = retries;
        synchronized (this) {
            subscription = kv.watch(keys, new Tracking());
        }
        connection.addConnectionListener(this);
    }

    @Override
    public void connectionEvent(Connection conn, Events type) {
        if (type == Events.RECONNECTED || type == Events.RESUBSCRIBED) {
            int restart;
            synchronized (this) {
                if (closed) {
                    return;
                }
                restart = ++restarts;
            }
            retries.execute(() -> restart(restart));
        }
    }

    private void restart(int restart) {
        NatsKeyValueWatchSubscription old;
        long from;
        synchronized (this) {
            if (closed || restart != restarts) {
                return;
            }
            old = subscription;
            subscription = null;
            from = lastRevision + 1;
        }
        closeQuietly(old);
        try {
            NatsKeyValueWatchSubscription fresh = from > 1 ? kv.watch(keys, new Tracking(), from) : kv.watch(keys, new Tracking());
            synchronized (this) {
                if (!closed && restart == restarts) {
                    subscription = fresh;
                    return;
                }
            }
            closeQuietly(fresh);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
            }
            retries.schedule(() -> restart(restart), RETRY_MILLIS, TimeUnit.MILLISECONDS); // JetStream not back yet
        }
    }

    @Override
    public void close() {
        NatsKeyValueWatchSubscription last;
        synchronized (this) {
            closed = true;
            last = subscription;
            subscription = null;
        }
        connection.removeConnectionListener(this);
        closeQuietly(last);
    }

    private static void closeQuietly(NatsKeyValueWatchSubscription subscription) {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception ignored) {
                // a subscription of a connection that is down goes away with it
            }
        }
    }

    /** Passes each change on once, in revision order. */
    private final class Tracking implements KeyValueWatcher {
        @Override
        public void watch(KeyValueEntry change) {
            synchronized (ResumingWatch.this) {
                if (closed || change.getRevision() <= lastRevision) {
                    return;
                }
                lastRevision = change.getRevision();
                target.watch(change);
            }
        }

        @Override
        public void endOfData() {
            synchronized (ResumingWatch.this) {
                if (closed || endOfDataTold) {
                    return;
                }
                endOfDataTold = true;
                target.endOfData();
            }
        }
    }
}
