package io.mig.state.jetstream;

import io.mig.core.json.MigJson;
import java.util.function.Function;

/** How one store's values are kept in KV: as JSON (snake_case, the records' own shape), by their key. */
interface KvCodec<T> {
    byte[] encode(T value);

    /** @throws RuntimeException when the bytes are not a value of this store */
    T decode(byte[] bytes);

    /** The store's key of a value (capability id, schema URI, tenant, server name). */
    String keyOf(T value);

    /** A codec for a record that Jackson reads and writes as it is. */
    static <T> KvCodec<T> json(Class<T> type, Function<T, String> key) {
        return new KvCodec<>() {
            @Override
            public byte[] encode(T value) {
                return MigJson.encode(value);
            }

            @Override
            public T decode(byte[] bytes) {
                return MigJson.convert(MigJson.readObject(bytes), type);
            }

            @Override
            public String keyOf(T value) {
                return key.apply(value);
            }
        };
    }
}
