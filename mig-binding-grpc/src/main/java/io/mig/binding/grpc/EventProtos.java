package io.mig.binding.grpc;

import io.mig.core.model.EventMessage;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The protobuf messages of recent events, converted once (JSON payload to {@code Struct}, header,
 * timestamp) and shared by every {@code Subscribe} call that receives the same event, instead of one
 * conversion per subscriber. Protobuf messages are immutable, so sharing one is safe. A small
 * direct-mapped cache keyed by the whole identity of the delivery (tenant, topic, event id,
 * sequence, replay flag), as the SSE frames' cache is; large events are converted per use.
 */
final class EventProtos {
    static final int SLOTS = 256;
    static final int MAX_CACHED_BYTES = 16 * 1024;

    private final AtomicReferenceArray<Cached> slots = new AtomicReferenceArray<>(SLOTS);

    /** The {@code mig.v0_1.EventMessage} of {@code event}. */
    io.mig.binding.grpc.v0_1.EventMessage message(EventMessage event) {
        String eventId = event.eventId();
        if (eventId == null) {
            return ProtoModel.event(event);
        }
        int slot = (eventId.hashCode() * 31 + (event.replay() ? 1 : 0)) & (SLOTS - 1);
        String tenant = event.header() == null ? null : event.header().tenantId();
        Cached cached = slots.get(slot);
        if (cached != null && cached.replay == event.replay() && cached.sequence == event.sequence()
                && cached.eventId.equals(eventId) && Objects.equals(cached.topic, event.topic())
                && Objects.equals(cached.tenant, tenant)) {
            return cached.message;
        }
        io.mig.binding.grpc.v0_1.EventMessage message = ProtoModel.event(event);
        if (message.getSerializedSize() <= MAX_CACHED_BYTES) {
            slots.set(slot, new Cached(tenant, event.topic(), eventId, event.sequence(), event.replay(), message));
        }
        return message;
    }

    private record Cached(String tenant, String topic, String eventId, long sequence, boolean replay,
                          io.mig.binding.grpc.v0_1.EventMessage message) {
    }
}
