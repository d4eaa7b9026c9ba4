package io.mig.admin.identity;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import java.util.List;

/** Where the public keys for RS256 and ES256 tokens come from: a PEM file or a JWKS URL. */
interface PublicKeySource {
    /**
     * The keys that may have signed a token with this header, already filtered by
     * {@link KeyRules#usable}; empty when none.
     *
     * @throws io.mig.core.error.MigException {@code MIG_UNAVAILABLE} while the keys are not loaded yet
     */
    List<JWK> candidates(JWSHeader header);

    /** Whether the keys have been loaded (readiness). */
    boolean ready();

    /** Stops background work, if any. */
    default void close() {
    }
}
