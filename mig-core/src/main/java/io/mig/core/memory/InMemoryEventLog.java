package io.mig.core.memory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.out.EventLog;
import io.mig.core.port.out.StoredEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Per (tenant, topic) ring buffers of the newest {@code retention} events. Appends to one stream
 * take its lock, so sequence order, retention and follower notification agree.
 */
public final class InMemoryEventLog implements EventLog {
    private final ConcurrentHashMap<StreamKey, Stream> streams = new ConcurrentHashMap<>();
    private final int retention;
    private final Clock clock;

    public InMemoryEventLog(int retention, Clock clock) {
        if (retention < 1) {
            throw new IllegalArgumentException("retention must be at least 1");
        }
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public StoredEvent append(String tenant, String topic, String key, ObjectNode payload, MessageHeader header) {
        return stream(tenant, topic).append(key, payload, header);
    }

    @Override
    public ReadResult readOrFollow(String tenant, String topic, long after, int limit, Consumer<StoredEvent> follower) {
        return stream(tenant, topic).readOrFollow(after, limit, follower);
    }

    @Override
    public long lastSequence(String tenant, String topic) {
        Stream stream = streams.get(new StreamKey(tenant, topic));
        return stream == null ? 0 : stream.lastSequence();
    }

    private Stream stream(String tenant, String topic) {
        return streams.computeIfAbsent(new StreamKey(tenant, topic), k -> new Stream(k, retention));
    }

    private record StreamKey(String tenant, String topic) {
    }

    private final class Stream {
        private final StreamKey key;
        private final StoredEvent[] ring;
        private final List<Consumer<StoredEvent>> followers = new CopyOnWriteArrayList<>();
        private long last; // sequence of the newest event; the ring holds (last - size, last]
        private int size;

        Stream(StreamKey key, int capacity) {
            this.key = key;
            this.ring = new StoredEvent[capacity];
        }

        synchronized StoredEvent append(String eventKey, ObjectNode payload, MessageHeader header) {
            long sequence = last + 1;
            StoredEvent event = new StoredEvent(key.tenant(), key.topic(), sequence, "evt-" + UUID.randomUUID(),
                    eventKey, payload, header, clock.instant().toString());
            ring[(int) (sequence % ring.length)] = event;
            last = sequence;
            size = Math.min(size + 1, ring.length);
            for (Consumer<StoredEvent> follower : followers) {
                follower.accept(event);
            }
            return event;
        }

        synchronized ReadResult readOrFollow(long after, int limit, Consumer<StoredEvent> follower) {
            long oldest = last - size + 1;
            long from = Math.max(after + 1, oldest);
            List<StoredEvent> out = new ArrayList<>((int) Math.max(0, Math.min(limit, last - from + 1)));
            for (long seq = from; seq <= last && out.size() < limit; seq++) {
                out.add(ring[(int) (seq % ring.length)]);
            }
            long lastReturned = out.isEmpty() ? Math.max(after, from - 1) : out.get(out.size() - 1).sequence();
            if (lastReturned < last) {
                return new ReadResult(out, null);
            }
            followers.add(follower);
            return new ReadResult(out, () -> followers.remove(follower));
        }

        synchronized long lastSequence() {
            return last;
        }
    }
}
