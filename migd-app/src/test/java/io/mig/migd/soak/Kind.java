package io.mig.migd.soak;

/**
 * The kinds of request the soak makes. {@code audited} ones are INVOKEs (SPEC §8.3: every INVOKE
 * outcome is one audit record); {@code binding} is the audit record's {@code binding} field they
 * must appear under (WebSocket and SSE are the HTTP binding).
 */
enum Kind {
    HTTP_INVOKE("http", true),
    HTTP_STREAM("http", true),
    WS_STREAM("http", true),
    GRPC_INVOKE("grpc", true),
    GRPC_STREAM("grpc", true),
    NATS_INVOKE("nats", true),
    MCP_CALL("mcp", true),
    HTTP_PUBLISH("http", false);

    final String binding;
    final boolean audited;

    Kind(String binding, boolean audited) {
        this.binding = binding;
        this.audited = audited;
    }

    /** A short column name for the progress lines. */
    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The mix, one slot per request: unary calls dominate, as in a real deployment, and every
     * binding is in every 20 requests.
     */
    static final Kind[] MIX = {
        HTTP_INVOKE, GRPC_INVOKE, NATS_INVOKE, HTTP_STREAM, MCP_CALL,
        HTTP_INVOKE, WS_STREAM, GRPC_STREAM, HTTP_PUBLISH, GRPC_INVOKE,
        HTTP_INVOKE, NATS_INVOKE, HTTP_STREAM, WS_STREAM, MCP_CALL,
        HTTP_INVOKE, GRPC_INVOKE, NATS_INVOKE, GRPC_STREAM, HTTP_PUBLISH,
    };
}
