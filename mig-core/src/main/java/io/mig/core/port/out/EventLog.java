package io.mig.core.port.out;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.model.MessageHeader;
import java.util.List;
import java.util.function.Consumer;

/**
 * The retained events of every (tenant, topic) stream. Sequences start at 1 per stream and have no
 * gaps; the oldest events are dropped past the retention limit.
 */
public interface EventLog {
    /** Appends an event and assigns its sequence. Concurrent appends to one stream are serialised. */
    StoredEvent append(String tenant, String topic, String key, ObjectNode payload,
                       MessageHeader header);

    /**
     * Reads up to {@code limit} retained events with {@code sequence > after}, oldest first. When the
     * answer reaches the head of the stream (fewer than {@code limit} events), {@code follower} is
     * attached atomically with the read: it then receives, in sequence order, exactly the events
     * appended after the last one returned — no gap, no duplicate. A cursor older than retention
     * starts at the oldest retained event.
     *
     * @return the events and, when the head was reached, the handle that detaches the follower
     */
    ReadResult readOrFollow(String tenant, String topic, long after, int limit, Consumer<StoredEvent> follower);

    /** The sequence of the newest event of the stream, 0 when none was ever published. */
    long lastSequence(String tenant, String topic);

    record ReadResult(List<StoredEvent> events, AutoCloseable following) {
        public boolean caughtUp() {
            return following != null;
        }
    }
}
