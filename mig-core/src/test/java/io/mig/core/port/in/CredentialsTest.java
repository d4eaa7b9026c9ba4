package io.mig.core.port.in;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One reading of {@code Authorization} for every binding (HTTP header, gRPC metadata, NATS header). */
class CredentialsTest {
    @Test
    void theAuthorizationValueGivesTheBearerToken() {
        assertThat(Credentials.bearerToken("Bearer abc")).isEqualTo("abc");
        assertThat(Credentials.bearerToken("bearer  abc ")).isEqualTo("abc");
        assertThat(Credentials.bearerToken("raw")).as("a value without the scheme is still a credential").isEqualTo("raw");
        assertThat(Credentials.bearerToken(null)).isNull();
        assertThat(Credentials.bearerToken("   ")).isNull();
        assertThat(Credentials.bearerToken("Bearer ")).isNull();
    }

    @Test
    void theTokenIsNeverPrinted() {
        assertThat(new Credentials("secret-token", "acme", null).toString()).doesNotContain("secret-token");
    }
}
