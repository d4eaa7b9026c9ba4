package io.mig.core.memory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.out.EventLog;
import io.mig.core.port.out.GatewayMetrics;
import io.mig.core.port.out.StoredEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Per (tenant, topic) streams of the newest retained events, bounded in events and bytes per topic
 * and in bytes and topics overall. Appends to one stream take its lock, so sequence order,
 * retention and follower notification agree.
 *
 * <p>Only a PUBLISH creates a topic's storage: a SUBSCRIBE to a topic nobody published to holds a
 * follower entry while it is open and nothing after, so an empty topic costs nothing. Storage grows
 * with the events actually retained, never by a preallocated ring.
 *
 * <p>A retained event is kept as its JSON bytes and decoded when it is read again: the byte bounds
 * then count what the heap really holds. A parsed tree costs up to some 25 times its JSON (three
 * bytes {@code {},} are an object node and its map), so bounds counted in JSON but holding trees let
 * a payload of empty objects fill the heap many times over.
 */
public final class InMemoryEventLog implements EventLog {
    /** Bytes counted per event on top of its payload: ids, header, the bookkeeping objects. */
    static final int EVENT_OVERHEAD_BYTES = 256;

    private final ConcurrentHashMap<StreamKey, Stream> streams = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> topicsByTenant = new ConcurrentHashMap<>();
    private final AtomicInteger topics = new AtomicInteger();
    private final AtomicLong retainedBytes = new AtomicLong();
    private final Bounds bounds;
    private final Clock clock;
    private final GatewayMetrics metrics;

    /**
     * @param retentionEvents events kept per topic
     * @param retentionBytes bytes kept per topic (the newest event always stays)
     * @param maxBytes bytes kept over all topics
     * @param maxTopicsPerTenant topics one tenant may create by publishing
     * @param maxTopics topics all tenants may create
     */
    public record Bounds(int retentionEvents, long retentionBytes, long maxBytes, int maxTopicsPerTenant, int maxTopics) {
        public Bounds {
            if (retentionEvents < 1 || retentionBytes < 1 || maxBytes < 1 || maxTopicsPerTenant < 1 || maxTopics < 1) {
                throw new IllegalArgumentException("event log bounds must be at least 1");
            }
        }
    }

    /** A log bounded in events per topic only (tests, embedding without limits). */
    public InMemoryEventLog(int retention, Clock clock) {
        this(new Bounds(retention, Long.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE), clock,
                GatewayMetrics.NONE);
    }

    public InMemoryEventLog(Bounds bounds, Clock clock, GatewayMetrics metrics) {
        this.bounds = bounds;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public StoredEvent append(String tenant, String topic, String key, ObjectNode payload, MessageHeader header) {
        StreamKey streamKey = new StreamKey(tenant, topic);
        byte[] payloadJson = MigJson.encode(payload);
        byte[] headerJson = header == null ? null : MigJson.encode(header);
        long size = EVENT_OVERHEAD_BYTES + payloadJson.length + (headerJson == null ? 0 : headerJson.length)
                + topic.length() + (key == null ? 0 : key.length());
        StoredEvent event;
        while (true) {
            Stream stream = streams.computeIfAbsent(streamKey, Stream::new);
            synchronized (stream) {
                if (stream.retired) {
                    continue; // removed by its last subscriber between lookup and lock
                }
                if (!stream.published) {
                    try {
                        admitTopic(tenant);
                    } catch (MigException refused) {
                        retireIfUnused(stream);
                        throw refused;
                    }
                    stream.published = true;
                }
                event = stream.append(key, payload, header, new Encoded(payloadJson, headerJson), size);
                break;
            }
        }
        enforceGlobalBytes();
        return event;
    }

    @Override
    public ReadResult readOrFollow(String tenant, String topic, long after, int limit, Consumer<StoredEvent> follower) {
        StreamKey streamKey = new StreamKey(tenant, topic);
        while (true) {
            // a subscriber of an unpublished topic needs a place to wait; it is removed when it leaves
            Stream stream = streams.computeIfAbsent(streamKey, Stream::new);
            synchronized (stream) {
                if (!stream.retired) {
                    return stream.readOrFollow(after, limit, follower);
                }
            }
        }
    }

    @Override
    public long lastSequence(String tenant, String topic) {
        Stream stream = streams.get(new StreamKey(tenant, topic));
        if (stream == null) {
            return 0;
        }
        synchronized (stream) {
            return stream.last;
        }
    }

    /** Topics that hold storage (published to at least once). */
    public int topicCount() {
        return topics.get();
    }

    /** Stream entries of any kind, including those only subscribers are waiting on. */
    int streamEntries() {
        return streams.size();
    }

    /** Bytes retained over all topics, by the log's estimate. */
    public long retainedBytes() {
        return retainedBytes.get();
    }

    private void admitTopic(String tenant) {
        AtomicInteger own = topicsByTenant.computeIfAbsent(tenant, t -> new AtomicInteger());
        if (own.incrementAndGet() > bounds.maxTopicsPerTenant()) {
            own.decrementAndGet();
            metrics.boundHit("topics_per_tenant");
            throw new MigException(ErrorCode.MIG_RATE_LIMITED, "tenant has reached its limit of "
                    + bounds.maxTopicsPerTenant() + " topics; publish to an existing topic")
                    .withRetryable(false)
                    .withDetail("bound", "topics_per_tenant")
                    .withDetail("limit", bounds.maxTopicsPerTenant());
        }
        if (topics.incrementAndGet() > bounds.maxTopics()) {
            topics.decrementAndGet();
            own.decrementAndGet();
            metrics.boundHit("topics");
            throw MigException.backpressure("the gateway holds its limit of " + bounds.maxTopics() + " topics")
                    .withDetail("bound", "topics")
                    .withDetail("limit", bounds.maxTopics());
        }
    }

    /** Called under the stream's lock. */
    private void retireIfUnused(Stream stream) {
        if (!stream.published && stream.followers.isEmpty()) {
            stream.retired = true;
            streams.remove(stream.key, stream);
        }
    }

    /** Past the global byte bound, the largest topics give up their oldest events. */
    private void enforceGlobalBytes() {
        boolean hit = false;
        while (retainedBytes.get() > bounds.maxBytes()) {
            Stream largest = null;
            long largestBytes = 0;
            for (Stream candidate : streams.values()) {
                long bytes = candidate.bytes; // racy read is fine for choosing a victim
                if (bytes > largestBytes) {
                    largest = candidate;
                    largestBytes = bytes;
                }
            }
            if (largest == null) {
                return;
            }
            synchronized (largest) {
                largest.evictOldest();
            }
            hit = true;
        }
        if (hit) {
            metrics.boundHit("event_bytes");
        }
    }

    private record StreamKey(String tenant, String topic) {
    }

    /** An event's payload and header as JSON. */
    private record Encoded(byte[] payload, byte[] header) {
    }

    /** A retained event: its JSON, not its tree (see the class comment), and the bytes it counts. */
    private record Retained(long sequence, String eventId, String key, Encoded json, String publishedAt, long bytes) {
        StoredEvent decode(StreamKey stream) {
            try {
                ObjectNode payload = (ObjectNode) MigJson.mapper().readTree(json.payload());
                MessageHeader header = json.header() == null ? null : MigJson.mapper().readValue(json.header(), MessageHeader.class);
                return new StoredEvent(stream.tenant(), stream.topic(), sequence, eventId, key, payload, header, publishedAt);
            } catch (IOException e) {
                throw new UncheckedIOException("a retained event no longer decodes", e); // it was encoded by the same mapper
            }
        }
    }

    private final class Stream {
        private final StreamKey key;
        private final List<Consumer<StoredEvent>> followers = new CopyOnWriteArrayList<>();
        private Retained[] ring = new Retained[0]; // grows with use, up to retentionEvents
        private int head; // index of the oldest retained event
        private int size;
        private long last; // sequence of the newest event; the ring holds (last - size, last]
        private volatile long bytes;
        private boolean published;
        private boolean retired;

        Stream(StreamKey key) {
            this.key = key;
        }

        StoredEvent append(String eventKey, ObjectNode payload, MessageHeader header, Encoded json, long eventBytes) {
            long sequence = last + 1;
            StoredEvent event = new StoredEvent(key.tenant(), key.topic(), sequence, "evt-" + UUID.randomUUID(),
                    eventKey, payload, header, clock.instant().toString());
            if (size == bounds.retentionEvents()) {
                evictOldest();
            }
            boolean trimmed = false;
            while (size > 0 && bytes + eventBytes > bounds.retentionBytes()) {
                evictOldest();
                trimmed = true;
            }
            if (trimmed) {
                metrics.boundHit("event_retention_bytes");
            }
            if (size == ring.length) {
                grow();
            }
            ring[(head + size) % ring.length] = new Retained(sequence, event.eventId(), eventKey, json, event.publishedAt(), eventBytes);
            size++;
            bytes += eventBytes;
            retainedBytes.addAndGet(eventBytes);
            last = sequence;
            for (Consumer<StoredEvent> follower : followers) {
                follower.accept(event);
            }
            return event;
        }

        void evictOldest() {
            if (size == 0) {
                return;
            }
            Retained oldest = ring[head];
            ring[head] = null;
            head = (head + 1) % ring.length;
            size--;
            bytes -= oldest.bytes();
            retainedBytes.addAndGet(-oldest.bytes());
        }

        private void grow() {
            int capacity = (int) Math.min(bounds.retentionEvents(), Math.max(8L, ring.length * 2L));
            Retained[] bigger = new Retained[capacity];
            for (int i = 0; i < size; i++) {
                bigger[i] = ring[(head + i) % ring.length];
            }
            ring = bigger;
            head = 0;
        }

        ReadResult readOrFollow(long after, int limit, Consumer<StoredEvent> follower) {
            long oldest = last - size + 1;
            long from = Math.max(after + 1, oldest);
            List<StoredEvent> out = new ArrayList<>((int) Math.max(0, Math.min(limit, last - from + 1)));
            for (long seq = from; seq <= last && out.size() < limit; seq++) {
                out.add(ring[(int) ((head + (seq - oldest)) % ring.length)].decode(key));
            }
            long lastReturned = out.isEmpty() ? Math.max(after, from - 1) : out.get(out.size() - 1).sequence();
            if (lastReturned < last) {
                return new ReadResult(out, null);
            }
            followers.add(follower);
            return new ReadResult(out, () -> unfollow(follower));
        }

        private void unfollow(Consumer<StoredEvent> follower) {
            synchronized (this) {
                followers.remove(follower);
                retireIfUnused(this);
            }
        }
    }
}
