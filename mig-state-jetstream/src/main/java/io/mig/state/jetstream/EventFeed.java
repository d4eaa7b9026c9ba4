package io.mig.state.jetstream;

import io.mig.core.port.out.StoredEvent;
import io.nats.client.ConsumeOptions;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.MessageHandler;
import io.nats.client.StreamContext;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One ordered consumer on one (tenant, topic) subject, from a read point on: it first fills a page
 * for {@link JetStreamEventLog#readOrFollow}, then — when the page reached the head — keeps running
 * and hands every later event to the follower. Page and follower come from the same consumer, so
 * the switch is atomic: an event is either in the page or told to the follower, never both, never
 * neither, whichever instance appended it.
 *
 * <p>A follower outlives a NATS outage: when the connection comes back the feed starts a new
 * ordered consumer after the last stream position it delivered (jnats would notice the lost
 * consumer only after missed heartbeats, and give up if JetStream is not back by then), trying
 * again every {@value #RETRY_MILLIS} ms until JetStream answers.
 *
 * <p>The follower is told on the connection's shared dispatcher thread, in sequence order, under
 * this feed's lock (so that the events of the page beyond what was returned go first). Closing does
 * not take that lock: a follower may close its feed from inside its own lock without a deadlock.
 */
final class EventFeed implements MessageHandler, ConnectionListener {
    private static final long RETRY_MILLIS = 250;

    private final String tenant;
    private final String topic;
    private final Connection connection;
    private final StreamContext stream;
    private final Dispatcher dispatcher;
    private final ScheduledExecutorService retries;
    private final Object lock = new Object();
    private OrderedConsumerConfiguration initial;
    private long lastStreamSequence; // of the last event delivered, where a restarted consumer goes on from
    private int restarts;
    private final List<Read> page = new ArrayList<>();
    private Consumer<StoredEvent> follower;
    private long delivered; // the highest MIG sequence put in the page or told to the follower
    private volatile boolean closed;
    private volatile MessageConsumer consumer;

    /** An event with the stream position it was read at (for the log's bookmarks). */
    record Read(StoredEvent event, long streamSequence) {
    }

    EventFeed(String tenant, String topic, long after, Connection connection, StreamContext stream, Dispatcher dispatcher,
              ScheduledExecutorService retries) {
        this.tenant = tenant;
        this.topic = topic;
        this.delivered = after;
        this.connection = connection;
        this.stream = stream;
        this.dispatcher = dispatcher;
        this.retries = retries;
    }

    void start(OrderedConsumerConfiguration config) throws IOException, JetStreamApiException {
        initial = config;
        consumer = consumerFrom(config);
    }

    private MessageConsumer consumerFrom(OrderedConsumerConfiguration config) throws IOException, JetStreamApiException {
        return stream.createOrderedConsumer(config).consume(ConsumeOptions.DEFAULT_CONSUME_OPTIONS, dispatcher, this);
    }

    @Override
    public void connectionEvent(Connection conn, Events type) {
        if (type == Events.RECONNECTED || type == Events.RESUBSCRIBED) {
            int restart;
            synchronized (lock) {
                restart = ++restarts;
            }
            retries.execute(() -> restart(restart));
        }
    }

    private void restart(int restart) {
        OrderedConsumerConfiguration from;
        synchronized (lock) {
            if (closed || restart != restarts) {
                return;
            }
            from = lastStreamSequence == 0 ? initial : new OrderedConsumerConfiguration()
                    .filterSubject(initial.getFilterSubject())
                    .deliverPolicy(DeliverPolicy.ByStartSequence)
                    .startSequence(lastStreamSequence + 1);
        }
        closeQuietly(consumer);
        try {
            MessageConsumer fresh = consumerFrom(from);
            consumer = fresh;
            if (closed) {
                closeQuietly(fresh);
            }
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            retries.schedule(() -> restart(restart), RETRY_MILLIS, TimeUnit.MILLISECONDS); // JetStream not back yet
        }
    }

    @Override
    public void onMessage(Message message) {
        if (closed) {
            return;
        }
        StoredEvent event = EventCodec.event(tenant, topic, message.getHeaders(), message.getData());
        synchronized (lock) {
            if (closed || event.sequence() <= delivered) {
                return; // an ordered consumer recreated after a reconnect may deliver one again
            }
            delivered = event.sequence();
            lastStreamSequence = message.metaData().streamSequence();
            if (follower == null) {
                page.add(new Read(event, message.metaData().streamSequence()));
                lock.notifyAll();
            } else {
                follower.accept(event);
            }
        }
    }

    /**
     * Waits until the page holds {@code limit} events or reaches sequence {@code head}.
     *
     * @return the page so far, at most {@code limit} events
     */
    List<Read> awaitPage(long head, int limit, long timeoutNanos) throws InterruptedException, TimeoutException {
        long until = System.nanoTime() + timeoutNanos;
        synchronized (lock) {
            while (page.size() < limit && (page.isEmpty() || page.get(page.size() - 1).event().sequence() < head)) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("events up to " + head + " did not arrive in time");
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return new ArrayList<>(page.subList(0, Math.min(limit, page.size())));
        }
    }

    /** From now on, events past the returned page go to {@code next}, starting with those already read. */
    void follow(int returned, Consumer<StoredEvent> next) {
        synchronized (lock) {
            for (Read beyond : page.subList(returned, page.size())) {
                next.accept(beyond.event());
            }
            page.clear();
            follower = next;
        }
        connection.addConnectionListener(this);
    }

    void close() {
        closed = true;
        connection.removeConnectionListener(this);
        closeQuietly(consumer);
    }

    private static void closeQuietly(MessageConsumer running) {
        if (running != null) {
            try {
                running.close();
            } catch (Exception ignored) {
                // the server drops an ordered consumer nobody pulls from by itself
            }
        }
    }
}
