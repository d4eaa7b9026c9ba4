package io.mig.admin.identity;

import com.nimbusds.jwt.JWTClaimsSet;
import io.mig.core.error.MigException;
import io.mig.core.model.Names;
import io.mig.core.port.in.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The claim rules of SPEC §3.2, applied to a token whose signature is already verified: {@code exp}
 * required, {@code exp}/{@code nbf} within the clock skew, {@code iss}/{@code aud} when configured,
 * tenant from {@code tenant_id} or {@code tenant}, scopes from {@code scope} and {@code scopes},
 * actor from {@code sub}.
 */
final class TokenClaims {
    private final String issuer;
    private final String audience;
    private final Duration skew;
    private final Clock clock;

    TokenClaims(String issuer, String audience, Duration skew, Clock clock) {
        this.issuer = blankToNull(issuer);
        this.audience = blankToNull(audience);
        this.skew = skew;
        this.clock = clock;
    }

    Principal principal(JWTClaimsSet claims) {
        checkTimes(claims);
        if (issuer != null && !issuer.equals(claims.getIssuer())) {
            throw MigException.unauthorized("the bearer token was not issued by the expected issuer");
        }
        if (audience != null && (claims.getAudience() == null || !claims.getAudience().contains(audience))) {
            throw MigException.unauthorized("the bearer token is not meant for this audience");
        }
        return new Principal(claims.getSubject(), tenant(claims), scopes(claims), true, true,
                claims.getExpirationTime().toInstant().plus(skew));
    }

    private void checkTimes(JWTClaimsSet claims) {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw MigException.unauthorized("the bearer token has no expiry (exp claim)");
        }
        if (!now.isBefore(exp.toInstant().plus(skew))) {
            throw MigException.unauthorized("the bearer token has expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
            throw MigException.unauthorized("the bearer token is not valid yet (nbf claim)");
        }
    }

    private static String tenant(JWTClaimsSet claims) {
        Object byId = claims.getClaim("tenant_id");
        Object byName = claims.getClaim("tenant");
        Object chosen = byId != null ? byId : byName;
        if (chosen == null) {
            throw MigException.unauthorized("the bearer token names no tenant (tenant_id or tenant claim)");
        }
        if (byId != null && byName != null && !byId.equals(byName)) {
            throw MigException.unauthorized("the bearer token's tenant_id and tenant claims disagree");
        }
        if (!(chosen instanceof String tenant) || !Names.isTenant(tenant)) {
            throw MigException.unauthorized("the bearer token's tenant is not a valid tenant id"
                    + " (1-" + Names.MAX_TENANT_LENGTH + " characters of [A-Za-z0-9_-])");
        }
        return tenant;
    }

    /** {@code scope} (space separated, RFC 8693) and {@code scopes} (array), either may be a string or an array. */
    private static Set<String> scopes(JWTClaimsSet claims) {
        Set<String> scopes = new LinkedHashSet<>();
        for (String name : List.of("scope", "scopes")) {
            Object value = claims.getClaim(name);
            if (value == null) {
                continue;
            }
            if (value instanceof String text) {
                for (String scope : text.trim().split("\\s+")) {
                    if (!scope.isEmpty()) {
                        scopes.add(scope);
                    }
                }
            } else if (value instanceof Collection<?> list && list.stream().allMatch(String.class::isInstance)) {
                list.forEach(scope -> scopes.add((String) scope));
            } else {
                throw MigException.unauthorized("the bearer token's " + name + " claim must be a string or an array of strings");
            }
        }
        return scopes;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
