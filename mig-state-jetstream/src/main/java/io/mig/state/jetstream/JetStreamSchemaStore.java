package io.mig.state.jetstream;

import io.mig.core.port.out.SchemaDocument;
import io.mig.core.port.out.SchemaStore;
import io.nats.client.Connection;

/**
 * Registered JSON Schemas in the KV bucket {@code <prefix>_SCHEMAS}, one key per schema URI
 * (base64url, see {@link NatsTokens}), the value the {@link SchemaDocument}'s JSON. {@code find} answers
 * from a watched local copy (see {@link WatchedBucket}), and {@code watch} tells the schema service
 * which compiled schemas to drop.
 */
public final class JetStreamSchemaStore extends WatchedStore<SchemaDocument> implements SchemaStore {
    /**
     * Creates the bucket when missing and loads it.
     *
     * @throws io.mig.core.error.MigException {@code MIG_UNAVAILABLE} when NATS does not answer
     */
    public JetStreamSchemaStore(Connection connection, JetStreamKvOptions options) {
        super(connection, options, "SCHEMAS", "migd registered JSON Schemas",
                KvCodec.json(SchemaDocument.class, SchemaDocument::uri));
    }
}
