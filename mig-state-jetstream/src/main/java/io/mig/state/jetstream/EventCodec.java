package io.mig.state.jetstream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.out.StoredEvent;
import io.nats.client.impl.Headers;

/**
 * An event as a stream message: the MIG sequence in the {@value #SEQUENCE_HEADER} header (so that
 * the subject's last message alone says where the sequence stands, without reading its body), the
 * rest as a JSON body. Tenant and topic are not repeated: the subject carries them.
 */
final class EventCodec {
    static final String SEQUENCE_HEADER = "Mig-Sequence";

    private EventCodec() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Body(@JsonProperty("event_id") String eventId,
                @JsonProperty("key") String key,
                @JsonProperty("published_at") String publishedAt,
                @JsonProperty("header") MessageHeader header,
                @JsonProperty("payload") ObjectNode payload) {
    }

    static Headers headers(long sequence) {
        return new Headers().put(SEQUENCE_HEADER, Long.toString(sequence));
    }

    static byte[] body(StoredEvent event) {
        return MigJson.encode(new Body(event.eventId(), event.key(), event.publishedAt(), event.header(), event.payload()));
    }

    /** The MIG sequence a message carries; a message without one is not an event of ours. */
    static long sequence(Headers headers) {
        String value = headers == null ? null : headers.getFirst(SEQUENCE_HEADER);
        if (value == null) {
            throw new IllegalStateException("stream message without a " + SEQUENCE_HEADER + " header");
        }
        return Long.parseLong(value);
    }

    static StoredEvent event(String tenant, String topic, Headers headers, byte[] data) {
        Body body = MigJson.decode(data, Body.class);
        return new StoredEvent(tenant, topic, sequence(headers), body.eventId(), body.key(), body.payload(),
                body.header(), body.publishedAt());
    }
}
