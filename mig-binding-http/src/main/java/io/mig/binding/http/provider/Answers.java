package io.mig.binding.http.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.ErrorReason;
import io.mig.core.error.MigException;
import io.mig.core.spi.ProviderAnswers;
import io.mig.core.spi.ProviderFailures;
import io.mig.core.spi.StreamItem;
import java.io.IOException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/**
 * What a provider's answer means (docs/PROVIDERS.md): a JSON object is the payload (or, when it
 * has a {@code payload} object, that); {@code {"error": {...}}} is a MIG error passed through;
 * anything else is the provider misbehaving — {@code MIG_INTERNAL} with HTTP 502.
 */
final class Answers {
    static final String SSE = "text/event-stream";

    private Answers() {
    }

    enum Format { JSON, SSE, NDJSON }

    /** The body format of a successful answer, from its {@code Content-Type}. */
    static Format format(int status, String contentType) {
        if (status < 200 || status > 299 || contentType == null) {
            return Format.JSON;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith(SSE)) {
            return Format.SSE;
        }
        if (type.startsWith("application/x-ndjson") || type.startsWith("application/ndjson")
                || type.startsWith("application/jsonl") || type.startsWith("application/jsonlines")) {
            return Format.NDJSON;
        }
        return Format.JSON;
    }

    /** A whole (non-streamed) answer: its payload, or the MIG error it stands for. */
    static ObjectNode body(int status, byte[] body, int length) {
        ObjectNode answer = parse(body, length);
        if (answer == null) {
            throw status >= 200 && status <= 299 ? notJson(status) : badStatus(status);
        }
        MigException error = error(answer);
        if (error != null) {
            throw error;
        }
        if (status < 200 || status > 299) {
            throw badStatus(status);
        }
        return payload(answer);
    }

    /**
     * One item of a streamed answer: {@code {"payload": {...}, "end_stream": true|false}} or a bare
     * object (a non-terminal payload).
     *
     * @throws MigException the MIG error the item carries, or 502 when it is not a JSON object
     */
    static StreamItem item(byte[] line, int length) {
        ObjectNode item = parse(line, length);
        if (item == null) {
            throw MigException.internal("the provider streamed an item that is not a JSON object").withReason(ErrorReason.PROVIDER_FAILED);
        }
        MigException error = error(item);
        if (error != null) {
            throw error;
        }
        boolean terminal = item.path("end_stream").asBoolean(false) && item.get("payload") instanceof ObjectNode;
        return new StreamItem(payload(item), terminal);
    }

    /** How a failed exchange reads to the caller: unreachable is retryable, the rest is a 502. */
    static MigException failure(Throwable failure) {
        if (failure instanceof MigException mig) {
            return mig;
        }
        if (failure instanceof CancellationException) {
            return MigException.cancelled(failure.getMessage());
        }
        if (failure instanceof IOException || failure instanceof UnresolvedAddressException
                || failure instanceof TimeoutException) {
            return ProviderFailures.unreachable("the provider", failure);
        }
        return ProviderFailures.failed("the provider", failure);
    }

    static MigException tooLarge(long limit) {
        return MigException.internal("the provider's answer is larger than " + limit + " bytes").withReason(ErrorReason.PROVIDER_FAILED)
                .withDetail("max_answer_bytes", limit);
    }

    private static ObjectNode payload(ObjectNode answer) {
        return ProviderAnswers.payload(answer);
    }

    private static MigException error(ObjectNode answer) {
        return ProviderAnswers.error(answer);
    }

    private static ObjectNode parse(byte[] bytes, int length) {
        return ProviderAnswers.parse(bytes, 0, length);
    }

    private static MigException notJson(int status) {
        return MigException.internal("the provider's answer is not a JSON object").withReason(ErrorReason.PROVIDER_FAILED)
                .withDetail("upstream_status", status);
    }

    private static MigException badStatus(int status) {
        return MigException.internal("the provider answered HTTP " + status).withReason(ErrorReason.PROVIDER_FAILED)
                .withDetail("upstream_status", status);
    }

}
