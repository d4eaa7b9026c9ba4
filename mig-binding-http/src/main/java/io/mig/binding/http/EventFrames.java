package io.mig.binding.http;

import io.mig.core.json.MigJson;
import io.mig.core.model.EventMessage;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The SSE frames of recent events, encoded once and shared by every subscriber that receives the
 * same event (SPEC §3.4: the same EventMessage goes to each), instead of one JSON encoding per
 * subscriber. A small direct-mapped cache keyed by tenant, topic, event id, sequence and replay flag
 * (the whole key, so that an event log reusing ids across streams can never mix them up); frames larger than
 * {@link #MAX_CACHED_BYTES} are encoded per use, so the cache holds at most a few MiB.
 */
final class EventFrames {
    static final int SLOTS = 256;
    static final int MAX_CACHED_BYTES = 16 * 1024;

    private final AtomicReferenceArray<Cached> slots = new AtomicReferenceArray<>(SLOTS);

    /** The whole {@code mig-event} frame of {@code event}. */
    SseFrame frame(EventMessage event) {
        String eventId = event.eventId();
        if (eventId == null) {
            return new SseFrame(encode(event));
        }
        int slot = (eventId.hashCode() * 31 + (event.replay() ? 1 : 0)) & (SLOTS - 1);
        Cached cached = slots.get(slot);
        if (cached != null && cached.message == event) {
            return cached.frame; // the core hands every live subscriber the same message
        }
        String tenant = event.header() == null ? null : event.header().tenantId();
        if (cached != null && cached.replay == event.replay() && cached.sequence == event.sequence()
                && cached.eventId.equals(eventId) && java.util.Objects.equals(cached.topic, event.topic())
                && java.util.Objects.equals(cached.tenant, tenant)) {
            return cached.frame;
        }
        byte[] bytes = encode(event);
        if (bytes.length > MAX_CACHED_BYTES) {
            return new SseFrame(bytes);
        }
        // a live event goes to every subscriber of its topic at once: its chunk is made once, in direct
        // memory; a replayed one goes to one subscriber catching up, and stays on the heap
        SseFrame frame = event.replay() ? new SseFrame(bytes) : SseFrame.shared(bytes);
        slots.set(slot, new Cached(event, tenant, event.topic(), eventId, event.sequence(), event.replay(), frame));
        return frame;
    }

    private static byte[] encode(EventMessage event) {
        return SseStream.frame("mig-event", Long.toString(event.sequence()), MigJson.encodeToString(event));
    }

    private record Cached(EventMessage message, String tenant, String topic, String eventId, long sequence, boolean replay,
                          SseFrame frame) {
    }
}
