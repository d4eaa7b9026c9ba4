package io.mig.state.jetstream;

import io.mig.core.error.MigException;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A KV bucket mirrored into a local sorted copy, for the stores whose reads are on every call's path
 * (capabilities, schemas, MCP servers, quota limits). Reads never touch the network: a watch of the
 * whole bucket loads every entry, then keeps the copy current with every put and delete, by this
 * instance or any other. Writes go to KV and are applied to the copy before they return, so this
 * instance reads its own writes at once; the watch then delivers the same revision, which is ignored.
 *
 * <p>Every key's slot carries the KV revision that produced it, and a slot is only ever replaced by a
 * higher revision: the watch and this instance's own writes can arrive in any order without an old
 * value winning. A removal leaves a tombstone slot for a while for the same reason.
 *
 * <p>When the connection comes back after an outage the watch is started again from scratch (a full
 * load, then updates): the copy catches up with everything changed meanwhile, and keys removed for
 * good (purged) while this instance was away are dropped. Until then reads answer from the copy as it
 * was, which is the best this instance knows.
 */
final class WatchedBucket<T> implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("migd.state.jetstream");
    /** How long a tombstone outlives its removal: far longer than any write can take to return. */
    private static final long TOMBSTONE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final KvBucket bucket;
    private final KvCodec<T> codec;
    private final ConcurrentSkipListMap<String, Slot<T>> copy = new ConcurrentSkipListMap<>();
    private final CopyOnWriteArrayList<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService worker;
    private final ConnectionListener connectionListener = this::connectionEvent;
    /** Guards replacing slots (reads need no lock), {@link #watchedRevision} and {@link #streamCreated}. */
    private final Object applying = new Object();
    private long watchedRevision;
    private ZonedDateTime streamCreated;
    private volatile Session current;
    private volatile boolean watching;
    private volatile boolean closed;

    /**
     * Opens the watch and waits for the initial load.
     *
     * @throws MigException {@code MIG_UNAVAILABLE} when the load does not complete (no entry arriving
     *                      for the options' timeout)
     */
    WatchedBucket(KvBucket bucket, KvCodec<T> codec) {
        this.bucket = bucket;
        this.codec = codec;
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "migd-kv-" + bucket.name());
            thread.setDaemon(true);
            return thread;
        });
        bucket.connection().addConnectionListener(connectionListener);
        try {
            startSession(false);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        worker.scheduleWithFixedDelay(this::pruneTombstones, 1, 1, TimeUnit.MINUTES);
    }

    Optional<T> find(String id) {
        Slot<T> slot = id == null ? null : copy.get(id);
        return slot == null ? Optional.empty() : Optional.ofNullable(slot.value());
    }

    /** Every value, ordered by key. */
    List<T> list() {
        return copy.values().stream().map(Slot::value).filter(Objects::nonNull).toList();
    }

    /** Inserts or replaces {@code value} under its key; true when the key was new. */
    boolean put(T value) {
        return replace(value).created();
    }

    /**
     * Inserts or replaces {@code value} under its key and says what it replaced, as KV had it at that
     * moment (not as the copy had it: another instance's write may not have arrived yet).
     */
    Replaced<T> replace(T value) {
        String id = codec.keyOf(value);
        String key = NatsTokens.writable(id);
        byte[] bytes = codec.encode(value);
        KvBucket.Retries retries = bucket.retries();
        Replaced<T> replaced = bucket.call("writing '" + id + "'", () -> {
            while (true) {
                KeyValueEntry latest = bucket.latest(key);
                try {
                    return latest == null
                            ? new Replaced<T>(bucket.create(key, bytes), true, null)
                            : new Replaced<>(bucket.update(key, bytes, latest.getRevision()), false, decode(id, latest));
                } catch (JetStreamApiException e) {
                    retries.lost(e);
                }
            }
        });
        if (apply(id, value, replaced.revision())) {
            tell(id);
        }
        return replaced;
    }

    /** Removes the key; true when it held a value. */
    boolean remove(String id) {
        String key = id == null ? null : NatsTokens.encode(id);
        if (key == null || key.length() > NatsTokens.MAX_SUBJECT_LENGTH) {
            return false; // never written
        }
        KvBucket.Retries retries = bucket.retries();
        Long revision = bucket.call("removing '" + id + "'", () -> {
            while (true) {
                KeyValueEntry latest = bucket.latest(key);
                if (latest == null) {
                    return null;
                }
                try {
                    return bucket.deleteAt(key, latest.getRevision());
                } catch (JetStreamApiException e) {
                    retries.lost(e);
                }
            }
        });
        if (revision == null) {
            return false;
        }
        if (apply(id, null, revision)) {
            tell(id);
        }
        return true;
    }

    AutoCloseable watch(Consumer<String> changed) {
        listeners.add(changed);
        return () -> listeners.remove(changed);
    }

    /**
     * True when the copy is loaded and followed: connected, and the watch running since the last
     * reconnect. False during an outage, while reads still answer from the copy.
     */
    boolean usable() {
        return !closed && watching && bucket.connected();
    }

    @Override
    public void close() {
        closed = true;
        watching = false;
        bucket.connection().removeConnectionListener(connectionListener);
        bucket.close();
        Session session = current;
        if (session != null) {
            session.stop();
        }
        worker.shutdownNow();
    }

    /** Replaces the key's slot unless it holds this revision or a later one; true when a value changed. */
    private boolean apply(String id, T value, long revision) {
        synchronized (applying) {
            Slot<T> slot = copy.get(id);
            if (slot != null && slot.revision() >= revision) {
                return false;
            }
            copy.put(id, new Slot<>(value, revision, System.nanoTime()));
            return value != null || (slot != null && slot.value() != null);
        }
    }

    /** Outside every lock, on the watch's thread or the writer's (StoreChanges). */
    private void tell(String id) {
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(id);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a watcher of bucket " + bucket.name() + " failed on '" + id + "'", e);
            }
        }
    }

    private void startSession(boolean reload) {
        Session previous = current;
        if (previous != null) {
            previous.stop();
        }
        StreamState state = bucket.call("reading the bucket's state", () -> {
            if (reload) {
                bucket.ensureExists();
            }
            StreamInfo info = bucket.kv().getStatus().getBackingStreamInfo();
            return new StreamState(info.getCreateTime(), info.getStreamState().getLastSequence());
        });
        if (reload && wasReset(state)) {
            forgetEverything();
        }
        synchronized (applying) {
            streamCreated = state.created();
        }
        Session session = new Session(reload);
        current = session;
        bucket.call("watching", () -> {
            session.subscription = bucket.kv().watchAll(session);
            return null;
        });
        session.awaitLoaded();
        watching = true;
    }

    /**
     * True when the bucket's stream is not the one the copy was loaded from — made again since (deleted
     * and created, or NATS lost its store): its revisions started again from 1 and cannot be compared
     * with the copy's.
     */
    private boolean wasReset(StreamState state) {
        synchronized (applying) {
            return !state.created().equals(streamCreated) || state.lastSequence() < watchedRevision;
        }
    }

    private void forgetEverything() {
        List<String> had;
        synchronized (applying) {
            had = copy.entrySet().stream().filter(e -> e.getValue().value() != null).map(Map.Entry::getKey).toList();
            copy.clear();
            watchedRevision = 0;
        }
        LOG.log(System.Logger.Level.WARNING, "bucket " + bucket.name() + " was reset on the NATS side; reloading it");
        had.forEach(this::tell);
    }

    /** After a reload: keys the bucket no longer has at all (purged while away) leave the copy. */
    private void dropUnseen(Session session) {
        List<String> dropped = new ArrayList<>();
        synchronized (applying) {
            copy.entrySet().removeIf(e -> {
                boolean gone = !session.seen.contains(e.getKey()) && e.getValue().revision() <= session.maxRevision;
                if (gone && e.getValue().value() != null) {
                    dropped.add(e.getKey());
                }
                return gone;
            });
        }
        dropped.forEach(this::tell);
    }

    private void pruneTombstones() {
        long now = System.nanoTime();
        synchronized (applying) {
            copy.values().removeIf(slot -> slot.value() == null && slot.revision() <= watchedRevision
                    && now - slot.since() > TOMBSTONE_NANOS);
        }
    }

    private void connectionEvent(Connection connection, ConnectionListener.Events event) {
        if (event == ConnectionListener.Events.DISCONNECTED) {
            watching = false;
        } else if (event == ConnectionListener.Events.RECONNECTED && !closed) {
            worker.execute(this::resync);
        }
    }

    /** Runs on the worker after a reconnect; tries again while connected until the watch is back. */
    private void resync() {
        long backoffMillis = 100;
        while (!closed && bucket.connected()) {
            try {
                startSession(true);
                LOG.log(System.Logger.Level.INFO, "bucket " + bucket.name() + " followed again after a reconnect");
                return;
            } catch (MigException e) {
                LOG.log(System.Logger.Level.WARNING, "bucket " + bucket.name() + ": watch not back yet: " + e.getMessage());
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoffMillis = Math.min(backoffMillis * 2, 2000);
            }
        }
    }

    private T decode(String id, KeyValueEntry entry) {
        try {
            return codec.decode(entry.getValue());
        } catch (RuntimeException e) {
            // written by something that is not this store (or a newer, incompatible one): unusable here
            LOG.log(System.Logger.Level.WARNING, "bucket " + bucket.name() + ": entry '" + id + "' is unreadable, ignored: "
                    + e.getMessage());
            return null;
        }
    }

    /** One watch of the whole bucket: its initial load, then updates, until stopped. */
    private final class Session implements KeyValueWatcher {
        private final boolean reload;
        private final Set<String> seen = ConcurrentHashMap.newKeySet();
        private final CountDownLatch loaded = new CountDownLatch(1);
        private final AtomicLong received = new AtomicLong();
        private volatile long maxRevision;
        private volatile NatsKeyValueWatchSubscription subscription;
        private volatile boolean stopped;

        Session(boolean reload) {
            this.reload = reload;
        }

        @Override
        public void watch(KeyValueEntry entry) {
            if (stopped || current != this) {
                return;
            }
            received.incrementAndGet();
            String id;
            try {
                id = NatsTokens.decode(entry.getKey());
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "bucket " + bucket.name() + ": key '" + entry.getKey()
                        + "' was not written by migd, ignored");
                return;
            }
            long revision = entry.getRevision();
            if (loaded.getCount() > 0) {
                seen.add(id);
            }
            maxRevision = Math.max(maxRevision, revision);
            T value = entry.getOperation() == KeyValueOperation.PUT ? decode(id, entry) : null;
            boolean changed = apply(id, value, revision);
            synchronized (applying) {
                watchedRevision = Math.max(watchedRevision, revision);
            }
            if (changed) {
                tell(id);
            }
        }

        @Override
        public void endOfData() {
            if (stopped || current != this) {
                return;
            }
            if (reload) {
                dropUnseen(this);
            }
            loaded.countDown();
        }

        /** Waits while entries keep arriving; fails when none arrived for a whole timeout. */
        void awaitLoaded() {
            long before = 0;
            try {
                while (!loaded.await(bucket.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    long now = received.get();
                    if (now == before) {
                        stop();
                        throw MigException.unavailable("shared state is unavailable: loading bucket " + bucket.name()
                                + " stalled after " + now + " entries");
                    }
                    before = now;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw MigException.unavailable("shared state is unavailable: interrupted while loading bucket " + bucket.name());
            }
        }

        void stop() {
            stopped = true;
            NatsKeyValueWatchSubscription sub = subscription;
            if (sub != null) {
                try {
                    sub.unsubscribe();
                } catch (RuntimeException e) {
                    // the subscription of a connection that is gone needs no unsubscribing
                }
            }
        }
    }

    private record Slot<T>(T value, long revision, long since) {
    }

    /** Which stream backs the bucket (its creation time) and how far it is written. */
    private record StreamState(ZonedDateTime created, long lastSequence) {
    }

    /**
     * What a write did: its revision, whether the key was new, and the value it replaced (null when new,
     * or when the old value was unreadable).
     */
    record Replaced<T>(long revision, boolean created, T previous) {
    }
}
