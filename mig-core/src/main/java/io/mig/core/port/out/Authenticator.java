package io.mig.core.port.out;

import io.mig.core.port.in.Credentials;
import io.mig.core.port.in.Principal;

/**
 * Verifies credentials. Implementations throw {@link io.mig.core.error.MigException} with
 * {@code MIG_UNAUTHORIZED} (bad or missing token) or {@code MIG_UNAVAILABLE} (keys not loaded yet).
 */
@FunctionalInterface
public interface Authenticator {
    Principal authenticate(Credentials credentials);

    /** Auth mode {@code none}: everyone is anonymous (or the {@code X-Actor} they name). */
    static Authenticator open() {
        return credentials -> Principal.open(credentials.actorHint(), credentials.tenantHint());
    }

    /** Whether the authenticator can verify tokens right now (readiness). */
    default boolean ready() {
        return true;
    }
}
