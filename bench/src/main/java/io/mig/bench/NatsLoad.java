package io.mig.bench;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.charset.StandardCharsets;

/**
 * The load client of P3, the same for migd's NATS binding and the raw responder: NATS requests of
 * the INVOKE envelope to one subject, {@code --inflight} (32) at once; an answer carrying a MIG
 * error ({@code "error"}) counts as an error.
 * Usage: {@code NatsLoad --url U --subject S [--inflight 32 --duration 10 --warmup-cap 60]}.
 */
public final class NatsLoad extends ClosedLoop {
    static final byte[] BODY = "{\"header\":{\"tenant_id\":\"acme\"},\"payload\":{\"input\":\"hello\"}}"
            .getBytes(StandardCharsets.UTF_8);

    private final Connection nats;
    private final String subject;

    private NatsLoad(Connection nats, String subject) {
        this.nats = nats;
        this.subject = subject;
    }

    @Override
    void send(long startNanos) {
        nats.request(subject, BODY).whenComplete((reply, failure) -> completed(startNanos, failure == null && ok(reply)));
    }

    private static boolean ok(Message reply) {
        return !new String(reply.getData(), StandardCharsets.UTF_8).contains("\"error\"");
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        Connection nats = Nats.connect(new Options.Builder().server(args.text("url", Options.DEFAULT_URL))
                .maxMessagesInOutgoingQueue(100_000).build());
        String subject = args.text("subject", "bench.limit.invoke");
        Message first = nats.request(subject, BODY, java.time.Duration.ofSeconds(5));
        if (first == null || !ok(first)) {
            throw new IllegalStateException("no good answer on " + subject + ": "
                    + (first == null ? "none" : new String(first.getData(), StandardCharsets.UTF_8)));
        }
        new NatsLoad(nats, subject).run(args, "nats " + subject);
        nats.close();
    }
}
