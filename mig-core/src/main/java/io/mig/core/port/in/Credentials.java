package io.mig.core.port.in;

/**
 * What a transport learned about the caller, before anything is verified: a bearer token, the
 * tenant the transport named (the {@code X-Tenant-ID} header, a query parameter, a NATS subject),
 * and an actor hint ({@code X-Actor}, honoured only without authentication).
 */
public record Credentials(String bearerToken, String tenantHint, String actorHint) {
    public static final Credentials NONE = new Credentials(null, null, null);

    /**
     * The token of an {@code Authorization} value ({@code Bearer <token>}, scheme case-insensitive),
     * whatever transport carried it. A value without the scheme is still returned: it is a credential,
     * and the authenticator refuses it. Blank means none.
     */
    public static String bearerToken(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return null;
        }
        String value = authorization.stripLeading();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = value.substring(7);
        } else if (value.trim().equalsIgnoreCase("Bearer")) {
            return null; // the scheme without a token
        }
        value = value.trim();
        return value.isEmpty() ? null : value;
    }

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
