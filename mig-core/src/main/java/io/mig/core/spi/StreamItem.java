package io.mig.core.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One item of a provider's stream. The terminal item carries the final result; a stream that ends
 * without one is closed by the gateway with a terminal item whose payload is {@code {}}.
 */
public record StreamItem(ObjectNode payload, boolean terminal) {
    public static StreamItem next(ObjectNode payload) {
        return new StreamItem(payload, false);
    }

    public static StreamItem last(ObjectNode payload) {
        return new StreamItem(payload, true);
    }
}
