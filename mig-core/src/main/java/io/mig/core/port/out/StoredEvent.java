package io.mig.core.port.out;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.model.MessageHeader;

/** One event as an event log keeps it: numbered within its (tenant, topic) stream from 1, gap-free. */
public record StoredEvent(String tenant, String topic, long sequence, String eventId, String key,
                          ObjectNode payload, MessageHeader header, String publishedAt) {
}
