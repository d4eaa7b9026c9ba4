package io.mig.binding.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.nats.client.Message;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * What a NATS provider's reply means — the same rules as an HTTP provider's JSON answer
 * (docs/PROVIDERS.md): a JSON object is the payload (or, when it has a {@code payload} object,
 * that); {@code {"error": {...}}} is a MIG error passed through; anything else is the provider
 * misbehaving ({@code MIG_INTERNAL}, HTTP 502). No responders is {@code MIG_UNAVAILABLE}.
 */
final class NatsAnswers {
    private NatsAnswers() {
    }

    static ObjectNode body(Message reply) {
        ObjectNode answer = parse(reply.getData());
        if (answer == null) {
            throw MigException.internal("the provider's answer is not a JSON object").withHttpStatus(502);
        }
        if (answer.get("error") instanceof ObjectNode error) {
            throw passedThrough(error);
        }
        JsonNode wrapped = answer.get("payload");
        return wrapped instanceof ObjectNode payload ? payload : answer;
    }

    static MigException failure(Throwable error, String subject) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof MigException mig) {
            return mig;
        }
        String message = String.valueOf(cause.getMessage());
        if (message.contains("503") || message.toLowerCase(Locale.ROOT).contains("no responders")) {
            return MigException.unavailable("no NATS provider is listening on " + subject)
                    .withDetail("reason", "no_responders").withDetail("subject", subject);
        }
        if (cause instanceof CancellationException || cause instanceof TimeoutException) {
            return MigException.unavailable("the NATS provider on " + subject + " did not answer")
                    .withDetail("reason", "no_reply").withDetail("subject", subject);
        }
        return MigException.internal("the call to the NATS provider failed: " + message).withHttpStatus(502);
    }

    private static MigException passedThrough(ObjectNode error) {
        ErrorCode code;
        try {
            code = ErrorCode.valueOf(error.path("code").asText("").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return MigException.internal("the provider answered an error with an unknown code").withHttpStatus(502)
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

    private static ObjectNode parse(byte[] data) {
        if (data == null || data.length == 0) {
            return null;
        }
        try {
            JsonNode node = MigJson.mapper().readTree(data);
            return node instanceof ObjectNode object ? object : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
