package io.mig.binding.nats;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import io.mig.core.spi.ProviderAnswers;
import io.mig.core.spi.ProviderFailures;
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
        byte[] data = reply.getData();
        return ProviderAnswers.payloadOf(ProviderAnswers.parse(data, 0, data == null ? 0 : data.length));
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
        return ProviderFailures.failed("the NATS provider", cause);
    }
}
