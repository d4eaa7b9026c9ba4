package io.mig.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;
import java.time.Duration;

/** The one place where a MIG error envelope becomes a typed exception. */
final class Errors {
    private Errors() {
    }

    /** An answer that is not 2xx: a MIG error envelope, or a transport failure when it is not MIG. */
    static RuntimeException fromAnswer(int status, HttpHeaders headers, String body) {
        JsonNode root = Json.parseOrNull(body);
        JsonNode error = root == null ? null : root.path("error");
        if (error == null || !error.isObject() || !error.hasNonNull("code")) {
            String excerpt = body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "…" : body;
            return new MigTransportException("not a MIG answer (HTTP " + status + "): " + excerpt, status, null);
        }
        Duration retryAfter = headers.firstValue("Retry-After").flatMap(Errors::seconds).orElse(null);
        return fromError(error, status, retryAfter);
    }

    /** The {@code error} object of an envelope or of an error frame; {@code status} 0 inside streams. */
    static MigClientException fromError(JsonNode error, int status, Duration retryAfter) {
        String code = error.path("code").asText("MIG_INTERNAL");
        String message = error.path("message").asText("");
        boolean retryable = error.path("retryable").asBoolean(false);
        JsonNode details = error.path("details");
        return switch (code) {
            case "MIG_INVALID_REQUEST" -> new MigInvalidRequestException(message, retryable, details, status);
            case "MIG_UNAUTHORIZED" -> new MigUnauthorizedException(message, retryable, details, status);
            case "MIG_FORBIDDEN" -> new MigForbiddenException(message, retryable, details, status);
            case "MIG_NOT_FOUND" -> new MigNotFoundException(message, retryable, details, status);
            case "MIG_UNSUPPORTED_CAPABILITY" -> new MigUnsupportedCapabilityException(message, retryable, details, status);
            case "MIG_VERSION_MISMATCH" -> new MigVersionMismatchException(message, retryable, details, status);
            case "MIG_TIMEOUT" -> new MigTimeoutException(message, retryable, details, status);
            case "MIG_RATE_LIMITED" -> new MigRateLimitedException(message, retryable, details, status,
                    retryAfter != null ? retryAfter
                            : details.hasNonNull("retry_after_seconds") ? Duration.ofSeconds(details.get("retry_after_seconds").asLong()) : null);
            case "MIG_BACKPRESSURE" -> new MigBackpressureException(message, retryable, details, status);
            case "MIG_UNAVAILABLE" -> new MigUnavailableException(message, retryable, details, status);
            case "MIG_INTERNAL" -> new MigInternalException(message, retryable, details, status);
            default -> new MigClientException(code, message, retryable, details, status);
        };
    }

    /** {@code Retry-After} in its delta-seconds form (what migd sends); an HTTP date is ignored. */
    private static java.util.Optional<Duration> seconds(String value) {
        try {
            return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
