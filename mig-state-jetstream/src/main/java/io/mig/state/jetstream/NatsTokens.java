package io.mig.state.jetstream;

import io.mig.core.error.MigException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Turns a tenant, topic, capability id, schema URI, message id or idempotency key into one NATS
 * subject token and one KV key token (KV keys allow only {@code [-/_=.A-Za-z0-9]}, and a key is the
 * last part of the subject that writes it), and back. Those names may hold characters a subject or key does not allow — spaces,
 * {@code :}, {@code /}, {@code *}, {@code >} — and dots, which would split them into several tokens
 * and let {@code a.b}/{@code c} collide with {@code a}/{@code b.c}. Base64url without padding
 * uses only {@code A-Z a-z 0-9 - _}, valid in both, and is reversible. The empty name becomes
 * {@code _}, which no non-empty name encodes to (those are two characters or more).
 */
final class NatsTokens {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String EMPTY = "_";
    /**
     * The longest subject or key written. NATS closes a connection whose protocol line passes 4 KiB
     * — every store on it would go down — so a longer one is refused before it is sent. Names that
     * passed the gateway's rules (SPEC §1.3: ids of 256 characters at most) stay far below it.
     */
    static final int MAX_SUBJECT_LENGTH = 3000;

    private NatsTokens() {
    }

    static String encode(String name) {
        if (name.isEmpty()) {
            return EMPTY;
        }
        return ENCODER.encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @return {@code subject}, when short enough to be sent
     * @throws MigException {@code MIG_INVALID_REQUEST} when it is not
     */
    static String bounded(String subject) {
        if (subject.length() > MAX_SUBJECT_LENGTH) {
            throw MigException.invalid("a name is too long for the shared state (" + subject.length()
                    + " characters once encoded, at most " + MAX_SUBJECT_LENGTH + ")");
        }
        return subject;
    }

    /**
     * {@link #encode}, for a KV key about to be written.
     *
     * @throws MigException {@code MIG_INVALID_REQUEST} when the key would be longer than {@link #MAX_SUBJECT_LENGTH}
     */
    static String writable(String value) {
        String token = encode(value);
        if (token.length() > MAX_SUBJECT_LENGTH) {
            throw MigException.invalid("'" + value.substring(0, 40) + "…' is too long to be a key of the shared state ("
                    + value.getBytes(StandardCharsets.UTF_8).length + " bytes; about 2200 at most)");
        }
        return token;
    }

    /** A key of two tokens, e.g. {@code (tenant, capability)}, filterable by its first. */
    static String pair(String first, String second) {
        return encode(first) + "." + encode(second);
    }

    /** @throws IllegalArgumentException when {@code token} was not made by {@link #encode} */
    static String decode(String token) {
        if (token.equals(EMPTY)) {
            return "";
        }
        return new String(DECODER.decode(token), StandardCharsets.UTF_8);
    }
}
