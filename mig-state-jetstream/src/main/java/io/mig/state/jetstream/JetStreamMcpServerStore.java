package io.mig.state.jetstream;

import io.mig.core.port.out.McpServerEntry;
import io.mig.core.port.out.McpServerStore;
import io.nats.client.Connection;

/**
 * The federated MCP servers (SPEC §12) in the KV bucket {@code <prefix>_MCP_SERVERS}, one key per
 * federation name (base64url, see {@link NatsTokens}), the value the {@link McpServerEntry}'s JSON
 * (headers included: the bucket is as confidential as the configuration). Reads answer from a watched
 * local copy; see {@link WatchedBucket}.
 */
public final class JetStreamMcpServerStore extends WatchedStore<McpServerEntry> implements McpServerStore {
    /**
     * Creates the bucket when missing and loads it.
     *
     * @throws io.mig.core.error.MigException {@code MIG_UNAVAILABLE} when NATS does not answer
     */
    public JetStreamMcpServerStore(Connection connection, JetStreamKvOptions options) {
        super(connection, options, "MCP_SERVERS", "migd federated MCP servers",
                KvCodec.json(McpServerEntry.class, McpServerEntry::name));
    }
}
