package io.mig.migd;

import io.mig.core.id.Ids;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueOptions;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The MCP session key (SPEC §12: a session opened on one instance is served by any other) when the
 * operator set none: the first instance to start creates a random one in the KV bucket
 * {@code <PREFIX>_GATEWAY}, every other instance — and every later start — reads that one. Anyone who
 * may read that bucket can forge session ids, so deployments whose NATS accounts are not trusted set
 * {@code MIGD_MCP_SESSION_KEY} themselves (it always wins).
 */
final class SharedSessionKey {
    static final String SETTING = "MIGD_MCP_SESSION_KEY";
    private static final String KEY = "mcp-session-key";
    /** JetStream's answer to {@code create} of a key that exists: wrong last sequence. */
    private static final int KEY_EXISTS = 10071;
    private static final int NOT_FOUND = 10059;

    private SharedSessionKey() {
    }

    /** The key every instance sharing {@code config}'s state uses; created on first use. */
    static String of(Connection connection, StateConfig config) {
        String bucket = config.prefix() + "_GATEWAY";
        return StartPatience.retry(SETTING + ": cannot read or create the shared key in KV bucket " + bucket
                + " (or set " + SETTING + " on every instance)", () -> {
                    try {
                        return readOrCreate(connection, config, bucket);
                    } catch (IOException | JetStreamApiException e) {
                        throw new StartPatience.NotReady(String.valueOf(e.getMessage()));
                    }
                });
    }

    private static String readOrCreate(Connection connection, StateConfig config, String bucket)
            throws IOException, JetStreamApiException {
        KeyValueOptions options = KeyValueOptions.builder()
                .jetStreamOptions(JetStreamOptions.builder().requestTimeout(config.timeout()).build()).build();
        KeyValue kv = bucket(connection, bucket, config.replicas(), options);
        byte[] random = new byte[32];
        Ids.randomBytes(random);
        String mine = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
            kv.create(KEY, mine.getBytes(StandardCharsets.US_ASCII));
            return mine;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != KEY_EXISTS) {
                throw e;
            }
        }
        KeyValueEntry entry = kv.get(KEY);
        if (entry == null || entry.getValue() == null || entry.getValue().length < 16) {
            throw new ConfigException(SETTING + ": the shared key in KV bucket " + bucket
                    + " is missing or too short; set " + SETTING + " or delete the entry '" + KEY + "'");
        }
        return new String(entry.getValue(), StandardCharsets.US_ASCII);
    }

    private static KeyValue bucket(Connection connection, String bucket, int replicas, KeyValueOptions options)
            throws IOException, JetStreamApiException {
        var management = connection.keyValueManagement(options);
        try {
            management.getBucketInfo(bucket);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != NOT_FOUND) {
                throw e;
            }
            // two instances starting at once both get here: creating an identical bucket twice is fine
            management.create(KeyValueConfiguration.builder().name(bucket).storageType(StorageType.File)
                    .replicas(replicas).maxHistoryPerKey(1)
                    .description("migd: settings every instance shares (the MCP session key)").build());
        }
        return connection.keyValue(bucket, options);
    }
}
