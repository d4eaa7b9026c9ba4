package io.mig.core.port.in;

import java.util.Set;

/**
 * Who is calling, once authenticated. {@code tenantId} is the tenant the credentials are bound to
 * (a token's claim), or the transport's tenant hint when there is no authentication.
 * {@code scopesEnforced} is false in auth mode {@code none}: every capability is visible and invocable.
 * {@code expiresAt} is when the credentials stop being valid (a token's {@code exp}), or null when they
 * do not expire; long-lived streams end then.
 */
public record Principal(String actor, String tenantId, Set<String> scopes, boolean scopesEnforced,
                        boolean tenantBound, java.time.Instant expiresAt) {
    public static final String ANONYMOUS = "anonymous";

    /** Credentials that do not expire. */
    public Principal(String actor, String tenantId, Set<String> scopes, boolean scopesEnforced, boolean tenantBound) {
        this(actor, tenantId, scopes, scopesEnforced, tenantBound, null);
    }

    public Principal {
        actor = actor == null || actor.isBlank() ? ANONYMOUS : actor;
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
    }

    /** A caller in auth mode {@code none}. */
    public static Principal open(String actor, String tenantHint) {
        return new Principal(actor, tenantHint, Set.of(), false, false);
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
