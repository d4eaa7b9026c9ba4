/**
 * JWT authentication behind the core's {@link io.mig.core.port.out.Authenticator} port (nimbus):
 * HS256, RS256 and ES256 keys from a secret, PEM files or a JWKS URL, the claims MIG reads, and the
 * rules that refuse {@code alg=none} and algorithm confusion. See docs/SECURITY.md.
 */
package io.mig.admin.identity;
