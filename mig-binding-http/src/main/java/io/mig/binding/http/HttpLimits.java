package io.mig.binding.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How much of the server one client may hold (SPEC §11), so that slow or greedy clients cannot
 * exhaust connections, threads or a capability's bulkhead.
 *
 * @param idleTimeout a connection with no byte read or written for this long is closed
 *                    ({@code MIGD_HTTP_IDLE_TIMEOUT_MS}); SSE keep-alives and WebSocket pings are
 *                    traffic, so open streams are not cut
 * @param headerTimeout a request whose head (request line and headers) is not complete this long
 *                      after its first byte is dropped, however slowly bytes trickle in
 *                      ({@code MIGD_HTTP_HEADER_TIMEOUT_MS})
 * @param maxConnections connections open at once; beyond it no new connection is accepted until one
 *                       closes ({@code MIGD_MAX_CONNECTIONS})
 * @param wsMaxStreams streams one WebSocket connection may run at once; one more is refused with an
 *                     error frame {@code MIG_BACKPRESSURE} ({@code MIGD_WS_MAX_STREAMS})
 */
public record HttpLimits(Duration idleTimeout, Duration headerTimeout, int maxConnections, int wsMaxStreams) {
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    public static final int DEFAULT_WS_MAX_STREAMS = 16;

    public HttpLimits {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero() || headerTimeout.isNegative() || headerTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxConnections <= 0 || wsMaxStreams <= 0) {
            throw new IllegalArgumentException("maxConnections and wsMaxStreams must be positive");
        }
    }

    public static HttpLimits defaults() {
        return new HttpLimits(DEFAULT_IDLE_TIMEOUT, DEFAULT_HEADER_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_WS_MAX_STREAMS);
    }
}
