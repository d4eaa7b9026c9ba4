package io.mig.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every MIG code of SPEC §1.4 decodes to its own exception, with the envelope's fields. */
class ErrorsTest {
    private static final HttpHeaders NONE = HttpHeaders.of(Map.of(), (name, value) -> true);

    private static String envelope(String code, boolean retryable, String details) {
        return "{\"header\":{\"mig_version\":\"0.1\"},\"error\":{\"code\":\"" + code + "\",\"message\":\"it failed\","
                + "\"retryable\":" + retryable + ",\"details\":" + details + "}}";
    }

    @Test
    void everyCodeHasItsException() {
        Map<String, Class<? extends MigClientException>> expected = Map.ofEntries(
                Map.entry("MIG_INVALID_REQUEST", MigInvalidRequestException.class),
                Map.entry("MIG_UNAUTHORIZED", MigUnauthorizedException.class),
                Map.entry("MIG_FORBIDDEN", MigForbiddenException.class),
                Map.entry("MIG_NOT_FOUND", MigNotFoundException.class),
                Map.entry("MIG_UNSUPPORTED_CAPABILITY", MigUnsupportedCapabilityException.class),
                Map.entry("MIG_VERSION_MISMATCH", MigVersionMismatchException.class),
                Map.entry("MIG_TIMEOUT", MigTimeoutException.class),
                Map.entry("MIG_RATE_LIMITED", MigRateLimitedException.class),
                Map.entry("MIG_BACKPRESSURE", MigBackpressureException.class),
                Map.entry("MIG_UNAVAILABLE", MigUnavailableException.class),
                Map.entry("MIG_INTERNAL", MigInternalException.class));
        expected.forEach((code, type) -> {
            RuntimeException decoded = Errors.fromAnswer(418, NONE, envelope(code, true, "{\"k\":\"v\"}"));
            assertThat(decoded).as(code).isExactlyInstanceOf(type);
            MigClientException e = (MigClientException) decoded;
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.migMessage()).isEqualTo("it failed");
            assertThat(e.getMessage()).isEqualTo(code + ": it failed");
            assertThat(e.retryable()).isTrue();
            assertThat(e.details().path("k").asText()).isEqualTo("v");
            assertThat(e.httpStatus()).isEqualTo(418);
        });
    }

    @Test
    void aCodeThisClientDoesNotKnowIsTheBaseType() {
        RuntimeException decoded = Errors.fromAnswer(500, NONE, envelope("MIG_SOMETHING_NEW", false, "null"));
        assertThat(decoded).isExactlyInstanceOf(MigClientException.class);
        assertThat(((MigClientException) decoded).code()).isEqualTo("MIG_SOMETHING_NEW");
        assertThat(((MigClientException) decoded).details().isObject()).as("details is never null").isTrue();
    }

    @Test
    void retryAfterComesFromTheHeaderElseFromTheDetails() {
        HttpHeaders header = HttpHeaders.of(Map.of("Retry-After", List.of("42")), (name, value) -> true);
        MigRateLimitedException fromHeader = (MigRateLimitedException) Errors.fromAnswer(429, header,
                envelope("MIG_RATE_LIMITED", true, "{\"retry_after_seconds\":7}"));
        assertThat(fromHeader.retryAfter()).contains(Duration.ofSeconds(42));
        MigRateLimitedException fromDetails = (MigRateLimitedException) Errors.fromAnswer(429, NONE,
                envelope("MIG_RATE_LIMITED", true, "{\"retry_after_seconds\":7}"));
        assertThat(fromDetails.retryAfter()).contains(Duration.ofSeconds(7));
        MigRateLimitedException lifetime = (MigRateLimitedException) Errors.fromAnswer(429, NONE,
                envelope("MIG_RATE_LIMITED", true, "{}"));
        assertThat(lifetime.retryAfter()).isEmpty();
    }

    @Test
    void anythingButAnEnvelopeIsATransportFailure() {
        for (String body : new String[] {"", "<html>502</html>", "{\"error\":\"text\"}", "[1,2]", "{\"payload\":{}}"}) {
            RuntimeException decoded = Errors.fromAnswer(502, NONE, body);
            assertThat(decoded).as(body).isExactlyInstanceOf(MigTransportException.class);
            assertThat(((MigTransportException) decoded).httpStatus()).isEqualTo(502);
        }
    }
}
