package io.mig.core.port.in;

/**
 * What a transport learned about the caller, before anything is verified: a bearer token, the
 * tenant the transport named (the {@code X-Tenant-ID} header, a query parameter, a NATS subject),
 * and an actor hint ({@code X-Actor}, honoured only without authentication).
 */
public record Credentials(String bearerToken, String tenantHint, String actorHint) {
    public static final Credentials NONE = new Credentials(null, null, null);

    public static Credentials tenant(String tenant) {
        return new Credentials(null, tenant, null);
    }

    @Override
    public String toString() {
        // never print the token
        return "Credentials[token=" + (bearerToken == null ? "none" : "***") + ", tenant=" + tenantHint + ", actor="
                + actorHint + "]";
    }
}
