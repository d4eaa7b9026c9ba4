package io.mig.admin.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.mig.core.error.MigException;
import io.mig.core.port.in.Credentials;
import io.mig.core.port.in.Principal;
import io.mig.core.port.out.Authenticator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Auth mode {@code jwt} (SPEC §3.2): a bearer JWT signed with HS256 (a shared secret), or with
 * RS256/ES256 (public keys from a PEM file or a JWKS URL), becomes a tenant-bound {@link Principal}
 * whose scopes are enforced. Every binding shares this one implementation through the core's
 * {@link Authenticator} port.
 *
 * <pre>{@code
 * JwtAuthenticator jwt = JwtAuthenticator.builder().hs256Secret("supersecret").issuer("https://idp").build();
 * Principal who = jwt.authenticate(new Credentials(token, null, null));
 * }</pre>
 *
 * The algorithm a token names only selects among the keys configured for that algorithm's family:
 * an HS256 token is checked with the shared secret and nothing else, an RS256 token with RSA public
 * keys, an ES256 token with P-256 keys. So a token "signed" with an RSA public key as an HMAC
 * secret (algorithm confusion) never verifies, and {@code alg: none} is refused outright.
 */
public final class JwtAuthenticator implements Authenticator, AutoCloseable {
    /** HMAC pads keys shorter than its block with zeros, so padding to 256 bits changes nothing. */
    static final int MIN_HMAC_KEY_BYTES = 32;
    /** Far above any real token; refuses absurd input before parsing it. */
    static final int MAX_TOKEN_CHARS = 16 * 1024;

    private final JWSVerifier hmac;
    private final PublicKeySource publicKeys;
    private final TokenClaims claims;

    private JwtAuthenticator(JWSVerifier hmac, PublicKeySource publicKeys, TokenClaims claims) {
        this.hmac = hmac;
        this.publicKeys = publicKeys;
        this.claims = claims;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Principal authenticate(Credentials credentials) {
        String token = credentials.bearerToken();
        if (token == null || token.isEmpty()) {
            throw MigException.unauthorized("a bearer token is required (Authorization: Bearer <token>)");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw MigException.unauthorized("the bearer token is too long");
        }
        SignedJWT signed = parse(token);
        if (!verified(signed)) {
            throw MigException.unauthorized("the bearer token's signature is not valid");
        }
        JWTClaimsSet set;
        try {
            set = signed.getJWTClaimsSet();
        } catch (ParseException e) {
            throw MigException.unauthorized("the bearer token's claims are malformed");
        }
        return claims.principal(set);
    }

    /** Ready once the public keys are loaded (a JWKS that could not be fetched yet is not). */
    @Override
    public boolean ready() {
        return publicKeys == null || publicKeys.ready();
    }

    @Override
    public void close() {
        if (publicKeys != null) {
            publicKeys.close();
        }
    }

    private static SignedJWT parse(String token) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException | RuntimeException e) {
            // the parser throws unchecked exceptions too on hostile input (a header that is the JSON
            // `null` gives a NullPointerException): bad input from a caller, never a server error
            throw MigException.unauthorized("the bearer token is not a well-formed JWT");
        }
        if (jwt instanceof PlainJWT) {
            throw MigException.unauthorized("unsigned tokens (alg 'none') are not accepted");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw MigException.unauthorized("encrypted tokens are not accepted; send a signed JWT");
        }
        return signed;
    }

    private boolean verified(SignedJWT signed) {
        JWSHeader header = signed.getHeader();
        for (JWSVerifier verifier : verifiers(header)) {
            try {
                if (verifier.verify(header, signed.getSigningInput(), signed.getSignature())) {
                    return true;
                }
            } catch (JOSEException e) {
                // this key cannot check this token (e.g. a wrong curve): try the next
            }
        }
        return false;
    }

    /** The verifiers for the token's algorithm; an algorithm without configured keys is refused. */
    private List<JWSVerifier> verifiers(JWSHeader header) {
        JWSAlgorithm alg = header.getAlgorithm();
        if (JWSAlgorithm.HS256.equals(alg) && hmac != null) {
            return List.of(hmac);
        }
        if ((JWSAlgorithm.RS256.equals(alg) || JWSAlgorithm.ES256.equals(alg)) && publicKeys != null) {
            return publicKeys.candidates(header).stream().map(KeyRules::verifier).filter(Objects::nonNull).toList();
        }
        throw MigException.unauthorized("tokens signed with " + alg + " are not accepted by this gateway")
                .withDetail("accepted_algorithms", accepted());
    }

    private String accepted() {
        if (hmac != null && publicKeys != null) {
            return "HS256 RS256 ES256";
        }
        return hmac != null ? "HS256" : "RS256 ES256";
    }

    /** Configures a {@link JwtAuthenticator}; at least one key source is required. */
    public static final class Builder {
        private byte[] secret;
        private URI jwksUrl;
        private Path publicKeyFile;
        private String issuer;
        private String audience;
        private Duration clockSkew = Duration.ofSeconds(60);
        private Duration jwksMinRefresh = JwksKeySource.DEFAULT_MIN_REFRESH;
        private Duration jwksMaxAge = JwksKeySource.DEFAULT_MAX_AGE;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The HS256 shared secret (UTF-8); any non-empty secret works, 32 bytes or more is advised. */
        public Builder hs256Secret(String value) {
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("the HS256 secret must not be empty");
            }
            this.secret = value.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** Where RS256/ES256 public keys are published as a JSON Web Key Set ({@code http} or {@code https}). */
        public Builder jwksUrl(String value) {
            this.jwksUrl = JwksKeySource.checkUrl(value);
            return this;
        }

        /** A PEM file holding one RSA (2048 bits or more) or P-256 public key, or a certificate with one. */
        public Builder publicKeyFile(Path value) {
            this.publicKeyFile = Objects.requireNonNull(value);
            return this;
        }

        /** When set, the token's {@code iss} must equal it. */
        public Builder issuer(String value) {
            this.issuer = value;
            return this;
        }

        /** When set, the token's {@code aud} must contain it. */
        public Builder audience(String value) {
            this.audience = value;
            return this;
        }

        public Builder clockSkew(Duration value) {
            this.clockSkew = Objects.requireNonNull(value);
            return this;
        }

        /** The shortest time between two JWKS fetches caused by tokens naming an unknown {@code kid}. */
        public Builder jwksMinRefresh(Duration value) {
            this.jwksMinRefresh = Objects.requireNonNull(value);
            return this;
        }

        /** How long a fetched key set is used before it is fetched again in the background. */
        public Builder jwksMaxAge(Duration value) {
            this.jwksMaxAge = Objects.requireNonNull(value);
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value);
            return this;
        }

        /** True when the secret is shorter than the 256 bits HS256 should have (worth a warning). */
        public boolean weakSecret() {
            return secret != null && secret.length < MIN_HMAC_KEY_BYTES;
        }

        /**
         * Builds the authenticator; a JWKS URL starts loading in the background (not ready until loaded).
         *
         * @throws IllegalArgumentException when no key is configured, both public key sources are, or the
         *         PEM file cannot be used
         */
        public JwtAuthenticator build() {
            if (secret == null && jwksUrl == null && publicKeyFile == null) {
                throw new IllegalArgumentException("no key configured: give an HS256 secret, a JWKS URL or a public key file");
            }
            if (jwksUrl != null && publicKeyFile != null) {
                throw new IllegalArgumentException("give either a JWKS URL or a public key file, not both");
            }
            JWSVerifier hmac = null;
            if (secret != null) {
                try {
                    hmac = new MACVerifier(secret.length >= MIN_HMAC_KEY_BYTES ? secret : Arrays.copyOf(secret, MIN_HMAC_KEY_BYTES));
                } catch (JOSEException e) {
                    throw new IllegalArgumentException("unusable HS256 secret: " + e.getMessage(), e);
                }
            }
            PublicKeySource keys = null;
            if (publicKeyFile != null) {
                keys = PemPublicKey.read(publicKeyFile);
            } else if (jwksUrl != null) {
                keys = JwksKeySource.start(jwksUrl, jwksMinRefresh, jwksMaxAge);
            }
            return new JwtAuthenticator(hmac, keys, new TokenClaims(issuer, audience, clockSkew, clock));
        }
    }
}
