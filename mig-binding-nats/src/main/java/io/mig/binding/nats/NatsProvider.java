package io.mig.binding.nats;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.InvocationContext;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;

/**
 * A capability served by workers on a NATS subject: each call is one request with the resolved
 * InvokeRequest envelope as body and the MIG header fields (plus {@code MIG-Deadline-Ms}) as NATS
 * headers; workers in one queue group share the load. The reply is read like an HTTP provider's
 * JSON answer ({@link NatsAnswers}). Unary only: a streamed invocation gets the answer as one item.
 */
final class NatsProvider implements CapabilityProvider {
    private final NatsLink link;
    private final String subject;

    NatsProvider(NatsLink link, String subject) {
        this.link = link;
        this.subject = subject;
    }

    @Override
    public CompletableFuture<ObjectNode> invoke(InvocationContext context) {
        Connection connection = link.connection();
        Headers headers = NatsHeaders.of(context.header());
        NatsHeaders.put(headers, NatsHeaders.CAPABILITY, context.capability().id());
        Duration remaining = context.remaining();
        headers.put(NatsHeaders.DEADLINE_MS, Long.toString(Math.max(1, remaining.toMillis())));
        // the gateway's deadline answers MIG_TIMEOUT first; the request's own timeout only frees its slot
        Duration wait = remaining.plusSeconds(1);
        CompletableFuture<Message> reply = connection.requestWithTimeout(subject, headers,
                MigJson.encode(context.request()), wait);
        CompletableFuture<ObjectNode> answer = reply.handle((message, error) -> {
            if (error != null) {
                throw NatsAnswers.failure(error, subject);
            }
            return NatsAnswers.body(message);
        });
        context.cancellation().onCancel(() -> reply.cancel(true));
        answer.whenComplete((payload, error) -> {
            if (error instanceof CancellationException) {
                reply.cancel(true);
            }
        });
        return answer;
    }

    @Override
    public String toString() {
        return "NatsProvider[" + subject + "]";
    }
}
