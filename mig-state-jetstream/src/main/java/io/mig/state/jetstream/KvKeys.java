package io.mig.state.jetstream;

import io.mig.core.error.MigException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Turns a store's key (a capability id, a schema URI, a tenant…) into one NATS KV key token and back.
 * KV keys allow only {@code [-/_=.A-Za-z0-9]}, and a dot splits a key into subject tokens, so ids such
 * as {@code demo.echo}, URIs such as {@code schema://x/y} and tenants with spaces or colons cannot be
 * used as they are. Base64url without padding uses only letters, digits, {@code -} and {@code _}: the
 * encoded key is always one token, and keys made of several tokens ({@code tenant.capability}) can be
 * filtered by their first one. The empty string, which base64 turns into nothing, becomes {@code =}.
 */
final class KvKeys {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String EMPTY = "=";
    /**
     * The longest key written. A key is part of the subject of the message that writes it, and NATS
     * closes a connection whose protocol line exceeds 4 KiB (every store on it would go down with it);
     * 3000 characters leave room for the rest of the line and hold about 2200 bytes of id or URI.
     */
    static final int MAX_KEY_LENGTH = 3000;

    private KvKeys() {
    }

    static String token(String value) {
        return value.isEmpty() ? EMPTY : ENCODER.encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@link #token}, for a key about to be written.
     *
     * @throws MigException {@code MIG_INVALID_REQUEST} when the key would be longer than {@link #MAX_KEY_LENGTH}
     */
    static String writable(String value) {
        String token = token(value);
        if (token.length() > MAX_KEY_LENGTH) {
            throw MigException.invalid("'" + value.substring(0, 40) + "…' is too long to be a key of the shared state ("
                    + value.getBytes(StandardCharsets.UTF_8).length + " bytes; about 2200 at most)");
        }
        return token;
    }

    /** @throws IllegalArgumentException when {@code token} was not made by {@link #token} */
    static String value(String token) {
        return EMPTY.equals(token) ? "" : new String(DECODER.decode(token), StandardCharsets.UTF_8);
    }

    /** A key of two tokens, e.g. {@code (tenant, capability)}. */
    static String pair(String first, String second) {
        return token(first) + "." + token(second);
    }
}
