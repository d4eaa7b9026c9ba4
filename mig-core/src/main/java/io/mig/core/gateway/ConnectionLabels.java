package io.mig.core.gateway;

import java.util.Objects;

/**
 * How a binding names one kind of long-lived call: the connection viewer's {@code protocol} and
 * {@code kind} (guide §9) and the {@code type} of the active-streams gauge (SPEC §8.1).
 *
 * @param protocol the transport as the connection viewer shows it, e.g. {@code http}, {@code grpc}
 * @param kind     the kind of call, e.g. {@code ws_stream}, {@code stream_invoke}, {@code sse_subscribe}
 * @param gauge    the active-streams type, e.g. {@code websocket}, {@code grpc_bidi}, {@code sse}
 */
public record ConnectionLabels(String protocol, String kind, String gauge) {
    public ConnectionLabels {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(gauge, "gauge");
    }
}
