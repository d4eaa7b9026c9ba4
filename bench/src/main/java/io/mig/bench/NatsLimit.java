package io.mig.bench;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;

/**
 * The limit of P3: a raw jnats responder that parses the INVOKE envelope and answers it with
 * Jackson ({@link LimitAnswer}), on one dispatcher thread like a plain NATS service.
 * Usage: {@code NatsLimit --url nats://127.0.0.1:N --subject S}.
 */
public final class NatsLimit {
    private NatsLimit() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        Connection nats = Nats.connect(new Options.Builder().server(args.text("url", Options.DEFAULT_URL)).build());
        Dispatcher dispatcher = nats.createDispatcher(message -> {
            try {
                nats.publish(message.getReplyTo(), LimitAnswer.answer(message.getData(), "observatory.models.infer"));
            } catch (Exception e) {
                nats.publish(message.getReplyTo(), ("{\"error\":\"" + e.getClass().getSimpleName() + "\"}").getBytes());
            }
        });
        dispatcher.subscribe(args.text("subject", "bench.limit.invoke"));
        nats.flush(java.time.Duration.ofSeconds(5));
        System.out.println("LISTENING " + args.text("subject", "bench.limit.invoke"));
        Thread.currentThread().join();
    }
}
