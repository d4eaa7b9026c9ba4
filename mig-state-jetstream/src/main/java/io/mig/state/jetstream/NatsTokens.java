package io.mig.state.jetstream;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Turns a tenant, topic, capability id, message id or idempotency key into one NATS subject token
 * (and one KV key token). Those names may hold characters a subject or key does not allow — spaces,
 * {@code :}, {@code /}, {@code *}, {@code >} — and dots, which would split them into several tokens
 * and let {@code a.b}/{@code c} collide with {@code a}/{@code b.c}. Base64url without padding
 * uses only {@code A-Z a-z 0-9 - _}, valid in both, and is reversible. The empty name becomes
 * {@code _}, which no non-empty name encodes to (those are two characters or more).
 */
final class NatsTokens {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String EMPTY = "_";

    private NatsTokens() {
    }

    static String encode(String name) {
        if (name.isEmpty()) {
            return EMPTY;
        }
        return ENCODER.encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String token) {
        if (token.equals(EMPTY)) {
            return "";
        }
        return new String(DECODER.decode(token), StandardCharsets.UTF_8);
    }
}
