package io.mig.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.conformance.kit.MigWire;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * MIG over NATS (SPEC §7) for the kit: requests on {@code mig.v0_1.<tenant>.<operation>} with the
 * envelope as JSON body and JSON replies; the subject's tenant is the transport tenant (or the
 * body's, as a NATS subject always names one), the token travels in the {@code Authorization}
 * header. SUBSCRIBE is the live mirror {@code mig.v0_1.<tenant>.events.<topic>} (messages marked
 * {@code Mig-Mirror: true}); NATS has no replay, no cursors and no streamed INVOKE. Every reply
 * must carry {@code Mig-Message-Id} equal to its envelope's {@code message_id} (SPEC §7).
 */
final class NatsWire implements MigWire {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Connection connection;
    private final Credentials defaults;

    NatsWire(String url, String tenant, String token) throws IOException, InterruptedException {
        this.connection = Nats.connect(new Options.Builder().server(url).connectionName("mig-nats-smoke")
                .connectionTimeout(Duration.ofSeconds(5)).maxReconnects(0).reportNoResponders()
                .errorListener(new io.nats.client.ErrorListener() { }) // failures are reported as case results
                .build());
        this.defaults = new Credentials(tenant == null || tenant.isEmpty() ? null : tenant,
                token == null || token.isEmpty() ? null : token);
    }

    @Override
    public String name() {
        return "nats";
    }

    @Override
    public String binding() {
        return "nats";
    }

    @Override
    public Credentials defaults() {
        return defaults;
    }

    @Override
    public boolean replays() {
        return false;
    }

    @Override
    public Outcome hello(Call call) throws Exception {
        return request(call, "hello");
    }

    @Override
    public Outcome discover(Call call) throws Exception {
        return request(call, "discover");
    }

    @Override
    public Outcome invoke(Call call) throws Exception {
        return request(call, "invoke." + call.body().path("capability").asText());
    }

    @Override
    public Frames invokeStream(Call call) throws Exception {
        throw new NotApplicable("the NATS binding is request/reply (SPEC §7): it has no streamed INVOKE");
    }

    @Override
    public Outcome cancel(Call call) throws Exception {
        return request(call, "control.cancel." + call.body().path("target_message_id").asText());
    }

    @Override
    public Outcome publish(Call call) throws Exception {
        return request(call, "events." + call.body().path("topic").asText());
    }

    @Override
    public Outcome heartbeat(Call call) throws Exception {
        return request(call, "control.heartbeat");
    }

    @Override
    public Events subscribe(Call call) throws Exception {
        if (call.body().hasNonNull("resume_cursor")) {
            throw new NotApplicable("NATS mirrors live events only (SPEC §7): a resume_cursor has no subject");
        }
        Subscription mirror = connection.subscribe(subject(call, "events." + call.body().path("topic").asText()));
        connection.flush(Duration.ofSeconds(5));
        return new Events() {
            @Override
            public JsonNode next(Duration timeout) throws Exception {
                long until = System.nanoTime() + timeout.toNanos();
                // the subject also carries PUBLISH requests; the mirror is what says Mig-Mirror: true
                for (long left = timeout.toMillis(); left > 0; left = (until - System.nanoTime()) / 1_000_000) {
                    Message m = mirror.nextMessage(Duration.ofMillis(left));
                    if (m == null) {
                        return null;
                    }
                    if (m.hasHeaders() && "true".equals(m.getHeaders().getFirst("Mig-Mirror"))) {
                        return JSON.readTree(m.getData());
                    }
                }
                return null;
            }

            @Override
            public void close() {
                mirror.unsubscribe();
            }
        };
    }

    @Override
    public Outcome malformed(String operation, String text) throws Exception {
        return send(subject(defaults.tenantHeader(), operation), defaults, text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Outcome unknownOperation() throws Exception {
        return send(subject(defaults.tenantHeader(), "conformance-kit-nothing-here"), defaults, "{}".getBytes(StandardCharsets.UTF_8));
    }

    private String subject(Call call, String operation) throws NotApplicable {
        String tenant = call.credentials().tenantHeader() != null ? call.credentials().tenantHeader()
                : call.body().path("header").path("tenant_id").asText(null);
        if (tenant == null) {
            throw new NotApplicable("a NATS subject always names a tenant: a request without one cannot be sent");
        }
        return subject(tenant, operation);
    }

    private static String subject(String tenant, String operation) {
        return "mig.v0_1." + tenant + "." + operation;
    }

    private Outcome request(Call call, String operation) throws Exception {
        return send(subject(call, operation), call.credentials(), call.body().toString().getBytes(StandardCharsets.UTF_8));
    }

    private Outcome send(String subject, Credentials credentials, byte[] body) throws Exception {
        Headers headers = new Headers();
        if (credentials.token() != null) {
            headers.put("Authorization", "Bearer " + credentials.token());
        }
        Message reply = connection.requestWithTimeout(subject, headers, body, TIMEOUT).get();
        JsonNode envelope = JSON.readTree(reply.getData());
        String messageId = reply.getHeaders() == null ? null : reply.getHeaders().getFirst("Mig-Message-Id");
        String echoed = envelope.path("header").path("message_id").asText(null);
        if (echoed != null && !echoed.equals(messageId)) {
            throw new IllegalStateException("the reply's Mig-Message-Id " + messageId + " is not its message_id " + echoed);
        }
        return new Outcome(envelope instanceof ObjectNode ? envelope : JSON.createObjectNode(), null,
                messageId == null ? Map.of() : Map.of("mig-message-id", messageId));
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
