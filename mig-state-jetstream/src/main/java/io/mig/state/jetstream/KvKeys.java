package io.mig.state.jetstream;

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

    private KvKeys() {
    }

    static String token(String value) {
        return value.isEmpty() ? EMPTY : ENCODER.encodeToString(value.getBytes(StandardCharsets.UTF_8));
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
