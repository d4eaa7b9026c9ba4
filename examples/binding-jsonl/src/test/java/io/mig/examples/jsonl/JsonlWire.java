package io.mig.examples.jsonl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.conformance.kit.MigWire;
import io.mig.core.json.MigJson;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** The conformance kit's view of the JSON-lines binding: each MIG envelope as the {@code body} of one line. */
final class JsonlWire implements MigWire {
    private final JsonlClient client;
    private final Credentials defaults;
    private final AtomicInteger ids = new AtomicInteger();

    JsonlWire(int port, String tenant) {
        this.client = new JsonlClient(port);
        this.defaults = new Credentials(tenant, null);
    }

    @Override
    public String name() {
        return "jsonl";
    }

    @Override
    public String binding() {
        return "jsonl";
    }

    @Override
    public Credentials defaults() {
        return defaults;
    }

    private String send(String op, Call call, boolean stream) {
        String id = "k" + ids.incrementAndGet();
        ObjectNode line = MigJson.object().put("id", id).put("op", op);
        if (call.credentials().tenantHeader() != null) {
            line.put("tenant", call.credentials().tenantHeader());
        }
        if (call.credentials().token() != null) {
            line.put("token", call.credentials().token());
        }
        if (stream) {
            line.put("stream", true);
        }
        line.set("body", call.body());
        return client.sendLine(line, id);
    }

    /** The answer's MIG envelope: the success body, or the error envelope. */
    private static Outcome outcome(JsonNode line) {
        return new Outcome(line.has("error") ? line.get("error") : line.path("body"), null);
    }

    private Outcome unary(String op, Call call) {
        return outcome(client.next(send(op, call, false)));
    }

    @Override
    public Outcome hello(Call call) {
        return unary("hello", call);
    }

    @Override
    public Outcome discover(Call call) {
        return unary("discover", call);
    }

    @Override
    public Outcome invoke(Call call) {
        return unary("invoke", call);
    }

    @Override
    public Outcome cancel(Call call) {
        return unary("cancel", call);
    }

    @Override
    public Outcome publish(Call call) {
        return unary("publish", call);
    }

    @Override
    public Outcome heartbeat(Call call) {
        return unary("heartbeat", call);
    }

    @Override
    public Frames invokeStream(Call call) {
        String id = send("invoke", call, true);
        return new Frames() {
            private boolean over;

            @Override
            public JsonNode next(Duration timeout) {
                if (over) {
                    return null;
                }
                JsonNode line = client.poll(id, timeout.toNanos(), false);
                if (line == null) {
                    return null;
                }
                if (line.has("frame")) {
                    over = line.get("frame").path("end_stream").asBoolean(false);
                    return line.get("frame");
                }
                over = true; // an error line: refused before the stream opened, or ended by the gateway
                ObjectNode frame = MigJson.object().put("kind", "error").put("end_stream", true);
                frame.set("header", line.path("error").path("header"));
                frame.set("error", line.path("error").path("error"));
                return frame;
            }

            @Override
            public void close() {
                if (!over) {
                    client.sendLine(MigJson.object().put("id", id + "-end").put("op", "unsubscribe")
                            .set("body", MigJson.object().put("target", id)), id + "-end");
                }
            }
        };
    }

    @Override
    public Events subscribe(Call call) {
        String id = send("subscribe", call, false);
        return new Events() {
            private boolean over;

            @Override
            public JsonNode next(Duration timeout) {
                long deadline = System.nanoTime() + timeout.toNanos();
                while (!over) {
                    JsonNode line = client.poll(id, Math.max(1, deadline - System.nanoTime()), false);
                    if (line == null) {
                        return null;
                    }
                    if (line.has("event")) {
                        return line.get("event");
                    }
                    if (line.has("error")) {
                        over = true;
                        return line.get("error");
                    }
                    if (line.path("ended").asBoolean(false)) {
                        over = true;
                    }
                    // else the "subscribed" acknowledgement: wait for the events
                }
                return null;
            }

            @Override
            public void close() {
                if (!over) {
                    over = true;
                    client.sendLine(MigJson.object().put("id", id + "-end").put("op", "unsubscribe")
                            .set("body", MigJson.object().put("target", id)), id + "-end");
                }
            }
        };
    }

    /** The whole line cannot be JSON when its body is not: the answer comes back with a null id. */
    @Override
    public Outcome malformed(String operation, String text) {
        String id = "k" + ids.incrementAndGet();
        String op = operation.startsWith("invoke.") ? "invoke" : operation;
        client.raw("{\"id\":\"" + id + "\",\"op\":\"" + op + "\",\"tenant\":\"" + defaults.tenantHeader()
                + "\",\"body\":" + text + "}");
        return outcome(client.poll(id, Duration.ofSeconds(15).toNanos(), true));
    }

    @Override
    public Outcome unknownOperation() {
        return unary("teleport", new Call(MigJson.object(), defaults));
    }

    @Override
    public void close() {
        client.close();
    }
}
