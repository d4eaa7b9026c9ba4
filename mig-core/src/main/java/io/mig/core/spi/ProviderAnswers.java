package io.mig.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.ErrorReason;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import java.io.IOException;
import java.util.Locale;

/**
 * What a remote provider's JSON answer means, whatever carried it (HTTP, NATS, …; docs/PROVIDERS.md):
 * a JSON object is the payload — or, when it has a {@code payload} object, that; an error envelope
 * {@code {"error": {...}}} is a MIG error passed through; anything else is the provider misbehaving
 * ({@code MIG_INTERNAL}, HTTP 502).
 */
public final class ProviderAnswers {
    private ProviderAnswers() {
    }

    /** The bytes as a JSON object, or null when they are not one (empty, malformed, an array, …). */
    public static ObjectNode parse(byte[] bytes, int offset, int length) {
        if (bytes == null || length == 0) {
            return null;
        }
        try {
            JsonNode node = MigJson.mapper().readTree(bytes, offset, length);
            return node instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The payload of a successful answer: its {@code payload} object, or the answer itself. */
    public static ObjectNode payload(ObjectNode answer) {
        JsonNode wrapped = answer.get("payload");
        return wrapped instanceof ObjectNode payload ? payload : answer;
    }

    /** The MIG error of an error envelope, or null when the object is not one. */
    public static MigException error(ObjectNode answer) {
        if (!(answer.get("error") instanceof ObjectNode error)) {
            return null;
        }
        ErrorCode code;
        try {
            code = ErrorCode.valueOf(error.path("code").asText("").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return MigException.internal("the provider answered an error with an unknown code").withReason(ErrorReason.PROVIDER_FAILED)
                    .withDetail("provider_code", error.path("code").asText(""));
        }
        MigException passed = new MigException(code, error.path("message").asText(code.name()));
        if (error.get("retryable") != null && error.get("retryable").isBoolean()) {
            passed = passed.withRetryable(error.get("retryable").asBoolean());
        }
        if (error.get("details") instanceof ObjectNode details) {
            passed = passed.withDetails(details);
        }
        return passed;
    }

    /**
     * A whole answer's payload.
     *
     * @throws MigException the error it carries, or 502 when it is not a JSON object
     */
    public static ObjectNode payloadOf(ObjectNode answer) {
        if (answer == null) {
            throw MigException.internal("the provider's answer is not a JSON object").withReason(ErrorReason.PROVIDER_FAILED);
        }
        MigException error = error(answer);
        if (error != null) {
            throw error;
        }
        return payload(answer);
    }
}
