package io.mig.core.gateway;

import io.mig.core.port.in.Credentials;
import io.mig.core.port.in.Principal;
import io.mig.core.port.out.Authenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * Lets the gateway call itself (conformance self-probes) in every auth mode: a random per-process
 * secret, which never leaves the process, authenticates as the internal principal; every other
 * credential goes to the configured authenticator.
 */
final class InternalCallers implements Authenticator {
    private final Authenticator delegate;
    private final byte[] secret;
    private final Principal internal = new Principal(MigGateway.INTERNAL_ACTOR, MigGateway.INTERNAL_TENANT, Set.of(),
            false, true);

    InternalCallers(Authenticator delegate) {
        this.delegate = delegate;
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random).getBytes(StandardCharsets.US_ASCII);
    }

    Credentials credentials() {
        return new Credentials(new String(secret, StandardCharsets.US_ASCII), MigGateway.INTERNAL_TENANT,
                MigGateway.INTERNAL_ACTOR);
    }

    @Override
    public Principal authenticate(Credentials credentials) {
        String token = credentials.bearerToken();
        if (token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.US_ASCII), secret)) {
            return internal;
        }
        return delegate.authenticate(credentials);
    }

    /** Whether this principal is the gateway itself (the very instance handed out above). */
    boolean isInternal(Principal principal) {
        return principal == internal;
    }

    @Override
    public boolean ready() {
        return delegate.ready();
    }
}
