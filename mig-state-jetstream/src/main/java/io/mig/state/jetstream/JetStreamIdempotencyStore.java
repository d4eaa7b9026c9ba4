package io.mig.state.jetstream;

import io.mig.core.error.MigException;
import io.mig.core.model.InvokeResponse;
import io.mig.core.port.out.GatewayMetrics;
import io.mig.core.port.out.IdempotencyStore;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueOptions;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Idempotency results in one KV bucket ({@code <PREFIX>_IDEMPOTENCY}, the store's time to live as
 * its max age), key {@code <tenant>.<capability>.<idempotency key>} (each a {@link NatsTokens} token).
 *
 * <p>A claim is a KV {@code create}: of any number of instances exactly one succeeds and runs the
 * call. A duplicate reads the entry: a stored result is replayed at once; a running claim is
 * awaited through a watch on that one key, which sees the result or the failure. A running claim
 * carries an expiry (by default the longest deadline a call may have, plus a margin): past it the
 * claimer of an instance that stopped is presumed gone, and the next claim takes the key over with
 * a compare-and-set on its revision — as it does a failure and an expired result. The bucket's size
 * bound replaces the in-memory store's per-tenant bounds (counting one tenant's keys would cost a
 * scan or a second write per call): a full bucket refuses new claims, whose calls then run without
 * deduplication, and makes room for results by dropping its oldest entries.
 *
 * <pre>{@code
 * IdempotencyStore results = new JetStreamIdempotencyStore(connection,
 *         JetStreamIdempotencyStore.Options.defaults().withTtl(Duration.ofHours(24)));
 * }</pre>
 */
public final class JetStreamIdempotencyStore implements IdempotencyStore, AutoCloseable {
    /** A claim won while the bucket was full: run, but nothing to write back. */
    private static final long NOT_STORED = -1;
    private static final int LOCK_STRIPES = 64;
    private static final int STREAM_STORE_FAILED = 10077;
    private static final int STORAGE_EXCEEDED = 10047;
    /** Room left in NATS' max payload for the headers of a KV write. */
    private static final int HEADER_ALLOWANCE = 256;
    /** Added to a running claim's expiry before its duplicates give up, for clocks that differ a little. */
    private static final Duration EXPIRY_GRACE = Duration.ofSeconds(1);

    private final Connection connection;
    private final Options options;
    private final Clock clock;
    private final GatewayMetrics metrics;
    private final String bucket;
    private final KeyValue kv;
    /** Claims, results and takeovers: exact when instances race on a replicated bucket. */
    private final CompareAndSet writes;
    private final String instance = UUID.randomUUID().toString();
    private final ConcurrentHashMap<Key, Owned> owned = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, Waiting> waiting = new ConcurrentHashMap<>();
    private final Object[] claimLocks = new Object[LOCK_STRIPES];
    private final ScheduledExecutorService timer;

    /**
     * @param prefix starts the bucket's name, {@code <prefix>_IDEMPOTENCY}
     * @param replicas bucket replicas ({@code MIGD_JETSTREAM_REPLICAS})
     * @param timeout bound of every JetStream call; past it a method throws {@code MIG_UNAVAILABLE}
     * @param ttl how long a result is replayed ({@code MIGD_IDEMPOTENCY_TTL_SECONDS}); the bucket's max age
     * @param claimTimeout how long a running claim holds its key before another instance may take it
     *                     over (the longest deadline a call may have, {@code MIGD_MAX_DEADLINE_MS}, plus a margin)
     * @param failureLinger how long a failure stays for the duplicates on other instances
     * @param maxBytes the bucket's size ({@code MIGD_IDEMPOTENCY_MAX_BYTES}); full → calls are not deduplicated
     * @param maxValueBytes the largest result stored (at most the server's max payload, 1 MiB by default);
     *                      a larger one reaches this instance's duplicates only, later calls run again
     */
    public record Options(String prefix, int replicas, Duration timeout, Duration ttl, Duration claimTimeout,
                          Duration failureLinger, long maxBytes, int maxValueBytes) {
        public Options {
            if (prefix == null || !prefix.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("prefix must be letters, digits, '_' or '-': " + prefix);
            }
            if (replicas < 1 || !positive(timeout) || !positive(ttl) || !positive(claimTimeout)
                    || !positive(failureLinger) || maxBytes < 1 || maxValueBytes < 1) {
                throw new IllegalArgumentException("idempotency store options must be positive");
            }
        }

        /** {@code MIGD}, 1 replica, 2 s, 24 h, claims held 310 s, failures kept 10 s, 256 MiB, results up to 1000000 bytes. */
        public static Options defaults() {
            return new Options("MIGD", 1, Duration.ofSeconds(2), Duration.ofHours(24), Duration.ofSeconds(310),
                    Duration.ofSeconds(10), 256L * 1024 * 1024, 1_000_000);
        }

        public Options withPrefix(String value) {
            return new Options(value, replicas, timeout, ttl, claimTimeout, failureLinger, maxBytes, maxValueBytes);
        }

        public Options withReplicas(int value) {
            return new Options(prefix, value, timeout, ttl, claimTimeout, failureLinger, maxBytes, maxValueBytes);
        }

        public Options withTimeout(Duration value) {
            return new Options(prefix, replicas, value, ttl, claimTimeout, failureLinger, maxBytes, maxValueBytes);
        }

        public Options withTtl(Duration value) {
            return new Options(prefix, replicas, timeout, value, claimTimeout, failureLinger, maxBytes, maxValueBytes);
        }

        public Options withClaimTimeout(Duration value) {
            return new Options(prefix, replicas, timeout, ttl, value, failureLinger, maxBytes, maxValueBytes);
        }

        public Options withMaxBytes(long value) {
            return new Options(prefix, replicas, timeout, ttl, claimTimeout, failureLinger, value, maxValueBytes);
        }

        public Options withMaxValueBytes(int value) {
            return new Options(prefix, replicas, timeout, ttl, claimTimeout, failureLinger, maxBytes, value);
        }

        private static boolean positive(Duration d) {
            return d != null && !d.isNegative() && !d.isZero();
        }
    }

    /** A claim this instance won and is running. */
    private record Owned(long revision, String fingerprint, CompletableFuture<InvokeResponse> result) {
    }

    /** The duplicates on this instance of a claim running elsewhere: one watch, one shared future. */
    private final class Waiting {
        final String fingerprint;
        final CompletableFuture<InvokeResponse> result = new CompletableFuture<>();
        volatile ResumingWatch watch;
        private ScheduledFuture<?> expiry;

        Waiting(String fingerprint) {
            this.fingerprint = fingerprint;
        }

        /** (Re)arms the give-up for a running claim that expires at {@code expiresAtMillis}. */
        synchronized void expireAt(long expiresAtMillis) {
            if (expiry != null) {
                expiry.cancel(false);
            }
            long delay = Math.max(0, expiresAtMillis - clock.millis()) + EXPIRY_GRACE.toMillis();
            expiry = timer.schedule(() -> result.completeExceptionally(MigException.unavailable(
                    "the first call under this idempotency key did not finish in time (its gateway instance may have"
                            + " stopped); send it again")), delay, TimeUnit.MILLISECONDS);
        }

        void stop() {
            ResumingWatch running;
            synchronized (this) {
                if (expiry != null) {
                    expiry.cancel(false);
                }
                running = watch;
            }
            // closed outside our lock: the watch delivers under its own lock and calls expireAt
            // (ours) from there, so holding ours while closing it deadlocks
            if (running != null) {
                running.close();
            }
        }
    }

    /** Creates the bucket when missing (or brings its limits to {@code options}); NATS must be reachable. */
    public JetStreamIdempotencyStore(Connection connection, Options options) {
        this(connection, options, Clock.systemUTC());
    }

    public JetStreamIdempotencyStore(Connection connection, Options options, Clock clock) {
        this(connection, options, clock, GatewayMetrics.NONE);
    }

    /** @param metrics told when a result is not kept because of a byte bound ({@code idempotency_bytes}) */
    public JetStreamIdempotencyStore(Connection connection, Options options, Clock clock, GatewayMetrics metrics) {
        this.connection = connection;
        this.metrics = metrics;
        this.options = options;
        this.clock = clock;
        this.bucket = options.prefix() + "_IDEMPOTENCY";
        for (int i = 0; i < LOCK_STRIPES; i++) {
            claimLocks[i] = new Object();
        }
        KeyValueOptions kvo = KeyValueOptions.builder().jsRequestTimeout(options.timeout()).build();
        NatsFailures.call(connection, "create the idempotency bucket " + bucket, () -> {
            StateBuckets.ensure(connection.keyValueManagement(kvo), bucket,
                    "MIG idempotency claims and results, key <tenant>.<capability>.<idempotency key>",
                    options.replicas(), options.ttl(), options.maxBytes());
            return null;
        });
        this.kv = NatsFailures.call(connection, "open the idempotency bucket", () -> connection.keyValue(bucket, kvo));
        this.writes = NatsFailures.call(connection, "open the idempotency bucket", () -> new CompareAndSet(connection, bucket, options.timeout()));
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "mig-idempotency-timer");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.timer = executor;
    }

    /** Whether the bucket answers now (for {@code /readyz}). */
    public boolean usable() {
        try {
            NatsFailures.call(connection, "idempotency bucket", kv::getStatus);
            return true;
        } catch (MigException e) {
            return false;
        }
    }

    @Override
    public Claim claim(Key key, String fingerprint) {
        synchronized (claimLocks[Math.floorMod(key.hashCode(), LOCK_STRIPES)]) {
            Owned mine = owned.get(key);
            if (mine != null) {
                return new Claim(false, mine.result(), mine.fingerprint());
            }
            Waiting awaited = waiting.get(key);
            if (awaited != null && !awaited.result.isDone()) {
                return new Claim(false, awaited.result, awaited.fingerprint);
            }
            return NatsFailures.call(connection, "claim an idempotency key", () -> claimShared(key, fingerprint));
        }
    }

    private Claim claimShared(Key key, String fingerprint) throws Exception {
        String entryKey = entryKey(key);
        byte[] pending = IdempotencyEntry.pending(fingerprint, instance, clock.millis() + options.claimTimeout().toMillis())
                .encode();
        for (int attempt = 0; ; attempt++) {
            boolean full = false;
            try {
                return own(key, writes.create(entryKey, pending), fingerprint);
            } catch (JetStreamApiException e) {
                // a full bucket refuses the write before it looks at the key: the key may still hold a result
                full = isFull(e);
                if (!full && (!NatsFailures.isApiError(e, NatsFailures.WRONG_LAST_SEQUENCE) || attempt > 10)) {
                    throw e;
                }
            }
            KeyValueEntry current = kv.get(entryKey);
            if (current == null && full) {
                metrics.boundHit("idempotency_bytes");
                return own(key, NOT_STORED, fingerprint);
            }
            if (current == null) {
                continue; // given up between our create and our read: create again
            }
            IdempotencyEntry entry = IdempotencyEntry.decode(current.getValue());
            long now = clock.millis();
            if (entry.isDone() && now < entry.completedAtMillis() + options.ttl().toMillis()) {
                return new Claim(false, CompletableFuture.completedFuture(entry.response()), entry.fingerprint());
            }
            if (entry.isPending() && now < entry.expiresAtMillis()) {
                return new Claim(false, await(key, entryKey, entry), entry.fingerprint());
            }
            // a failure, a result past its time to live, or the claim of an instance that stopped
            try {
                return own(key, writes.update(entryKey, pending, current.getRevision()), fingerprint);
            } catch (JetStreamApiException e) {
                if (isFull(e)) {
                    metrics.boundHit("idempotency_bytes");
                    return own(key, NOT_STORED, fingerprint);
                }
                if (!NatsFailures.isApiError(e, NatsFailures.WRONG_LAST_SEQUENCE)) {
                    throw e;
                }
            }
        }
    }

    private Claim own(Key key, long revision, String fingerprint) {
        Owned claim = new Owned(revision, fingerprint, new CompletableFuture<>());
        owned.put(key, claim);
        return new Claim(true, claim.result(), fingerprint);
    }

    private CompletableFuture<InvokeResponse> await(Key key, String entryKey, IdempotencyEntry running) throws Exception {
        Waiting awaited = new Waiting(running.fingerprint());
        waiting.put(key, awaited);
        awaited.result.whenComplete((response, failure) -> {
            waiting.remove(key, awaited);
            timer.execute(awaited::stop); // not on the watch's own dispatcher thread
        });
        awaited.expireAt(running.expiresAtMillis());
        try {
            awaited.watch = new ResumingWatch(connection, kv, entryKey, watcher(awaited), timer);
        } catch (Exception e) {
            waiting.remove(key, awaited);
            awaited.stop();
            throw e;
        }
        if (awaited.result.isDone()) {
            awaited.stop(); // completed before the watch was set
        }
        return awaited.result;
    }

    private KeyValueWatcher watcher(Waiting awaited) {
        return new KeyValueWatcher() {
            @Override
            public void watch(KeyValueEntry change) {
                if (change.getOperation() != KeyValueOperation.PUT) {
                    awaited.result.completeExceptionally(MigException.unavailable(
                            "the first call under this idempotency key ended without a stored result; send it again"));
                    return;
                }
                IdempotencyEntry entry = IdempotencyEntry.decode(change.getValue());
                if (entry.isDone()) {
                    awaited.result.complete(entry.response());
                } else if (entry.isFailed()) {
                    awaited.result.completeExceptionally(entry.failure());
                } else if (entry.isPending()) {
                    awaited.expireAt(entry.expiresAtMillis()); // possibly a new owner after a takeover
                }
            }

            @Override
            public void endOfData() {
                // the current value comes first, as any other change
            }
        };
    }

    /**
     * Stores the result and completes this instance's duplicates. The call succeeded whatever
     * happens here: when NATS fails now, the result is not stored (duplicates on other instances
     * give up at the claim's expiry) but never turned into an error.
     */
    @Override
    public void complete(Key key, InvokeResponse response) {
        Owned claim = owned.get(key);
        if (claim == null) {
            return;
        }
        try {
            if (claim.revision() != NOT_STORED) {
                byte[] value = IdempotencyEntry.done(claim.fingerprint(), response, clock.millis()).encode();
                String entryKey = entryKey(key);
                NatsFailures.call(connection, "store an idempotency result", () -> {
                    if (value.length > Math.min(options.maxValueBytes(), connection.getMaxPayload() - HEADER_ALLOWANCE)) {
                        metrics.boundHit("idempotency_bytes");
                        writes.delete(entryKey, claim.revision()); // too large to share: later calls run again
                    } else {
                        writes.update(entryKey, value, claim.revision());
                    }
                    return null;
                });
            }
        } catch (MigException notStored) {
            // see the javadoc: the caller still gets its result
        } finally {
            owned.remove(key, claim);
            claim.result().complete(response);
        }
    }

    @Override
    public void fail(Key key, Throwable failure) {
        Owned claim = owned.get(key);
        if (claim == null) {
            return;
        }
        try {
            if (claim.revision() != NOT_STORED) {
                String entryKey = entryKey(key);
                byte[] value = IdempotencyEntry.failed(claim.fingerprint(), MigException.from(failure)).encode();
                long revision = NatsFailures.call(connection, "record an idempotency failure",
                        () -> writes.update(entryKey, value, claim.revision()));
                timer.schedule(() -> forget(entryKey, revision), options.failureLinger().toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (MigException notRecorded) {
            // the duplicates elsewhere give up at the claim's expiry; a new claim takes the key over then
        } finally {
            owned.remove(key, claim);
            claim.result().completeExceptionally(failure);
        }
    }

    /** Deletes a lingering failure unless the key was claimed again since. */
    private void forget(String entryKey, long revision) {
        try {
            NatsFailures.call(connection, "forget an idempotency failure", () -> {
                writes.delete(entryKey, revision);
                return null;
            });
        } catch (MigException ignored) {
            // claimed again (wrong revision) or NATS away: a failure entry is taken over by the next claim anyway
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        waiting.values().forEach(Waiting::stop);
    }

    private static boolean isFull(JetStreamApiException e) {
        return e.getApiErrorCode() == STREAM_STORE_FAILED || e.getApiErrorCode() == STORAGE_EXCEEDED;
    }

    private static String entryKey(Key key) {
        return NatsTokens.bounded(NatsTokens.encode(key.tenant()) + "." + NatsTokens.encode(key.capability()) + "."
                + NatsTokens.encode(key.idempotencyKey()));
    }
}
