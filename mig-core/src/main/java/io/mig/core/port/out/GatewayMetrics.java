package io.mig.core.port.out;

import io.mig.core.error.ErrorCode;

/** Counters the core feeds besides invocation outcomes (SPEC §8.1). */
public interface GatewayMetrics {
    GatewayMetrics NONE = new GatewayMetrics() { };

    /** A MIG error answered for an operation ({@code hello}, {@code invoke}, {@code publish}, …). */
    default void error(ErrorCode code, String operation) {
    }

    default void eventPublished(String tenant, String topic) {
    }

    /** A subscriber or invocation was refused or cut off for lack of capacity. */
    default void backpressure() {
    }

    /** A long-lived stream opened ({@code +1}) or closed ({@code -1}); type is sse, websocket, grpc_bidi, grpc_subscribe. */
    default void activeStreams(String type, int delta) {
    }

    /**
     * A storage bound was hit (a request refused or old state evicted because of it): {@code bound}
     * names it, e.g. {@code topics_per_tenant}, {@code event_bytes}, {@code idempotency_bytes_per_tenant},
     * {@code audit_unauthenticated} (see docs/SECURITY.md for the list).
     */
    default void boundHit(String bound) {
    }
}
