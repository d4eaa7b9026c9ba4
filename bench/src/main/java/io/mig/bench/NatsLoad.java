package io.mig.bench;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The load client of P3, the same for migd's NATS binding and the raw responder: NATS requests of
 * the INVOKE envelope to one subject, {@code --inflight} (32) at once, each side on its own
 * connection; an answer carrying a MIG error ({@code "error"}) counts as an error. Driven by
 * {@link LoadCommands} (loads {@code limit} and {@code migd}).
 * Usage: {@code NatsLoad --url U --limit SUBJECT --migd SUBJECT [--inflight 32 --window 5 --warmup-cap 60]}.
 */
public final class NatsLoad extends ClosedLoop {
    static final byte[] BODY = "{\"header\":{\"tenant_id\":\"acme\"},\"payload\":{\"input\":\"hello\"}}"
            .getBytes(StandardCharsets.UTF_8);

    private final Connection nats;
    private final String subject;

    private NatsLoad(Connection nats, String subject, int inFlight) {
        super(inFlight);
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

    private static NatsLoad connect(Args args, String subject) throws Exception {
        Connection nats = Nats.connect(new Options.Builder().server(args.text("url", Options.DEFAULT_URL))
                .maxMessagesInOutgoingQueue(100_000).build());
        Message first = nats.request(subject, BODY, java.time.Duration.ofSeconds(5));
        if (first == null || !ok(first)) {
            throw new IllegalStateException("no good answer on " + subject + ": "
                    + (first == null ? "none" : new String(first.getData(), StandardCharsets.UTF_8)));
        }
        return new NatsLoad(nats, subject, args.integer("inflight", 32));
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        Map<String, Load> loads = new LinkedHashMap<>();
        loads.put("limit", connect(args, args.text("limit", "bench.limit.invoke")));
        loads.put("migd", connect(args, args.text("migd", "mig.v0_1.acme.invoke.observatory.models.infer")));
        LoadCommands.serve(loads, args);
        System.exit(0);
    }
}
