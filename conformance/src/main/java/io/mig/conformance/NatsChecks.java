package io.mig.conformance;

import static io.mig.conformance.Check.expect;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** The checks of {@code mig-nats-smoke}: every request subject of guide §13.2, mirroring, and the error model. */
final class NatsChecks {
    private NatsChecks() {
    }

    @FunctionalInterface
    interface Body {
        String run(NatsWire wire) throws Exception;
    }

    record Named(String name, Body body) {
    }

    static List<Named> all() {
        return List.of(
                new Named("hello selects the nats binding", NatsChecks::hello),
                new Named("discover lists capabilities", NatsChecks::discover),
                new Named("unary invoke answers", NatsChecks::invoke),
                new Named("publish is acknowledged and mirrored", NatsChecks::publish),
                new Named("cancel is acknowledged", NatsChecks::cancel),
                new Named("heartbeat suggests an interval", NatsChecks::heartbeat),
                new Named("unknown capability is MIG_UNSUPPORTED_CAPABILITY", NatsChecks::unknownCapability),
                new Named("malformed JSON is a MIG error envelope", NatsChecks::malformed),
                new Named("a foreign body tenant is MIG_FORBIDDEN", NatsChecks::foreignTenant));
    }

    private static String hello(NatsWire wire) throws Exception {
        NatsWire.Answer a = wire.request("hello", "{\"supported_versions\":[\"0.1\"],\"requested_bindings\":[\"nats\"]}");
        expect(a.errorCode() == null, "error " + a.body());
        expect("nats".equals(a.body().path("selected_binding").asText()), "selected_binding " + a.body().path("selected_binding"));
        expect(wire.tenant().equals(a.body().path("header").path("tenant_id").asText()), "tenant not echoed");
        String id = a.body().path("header").path("message_id").asText();
        expect(!id.isEmpty() && id.equals(a.header("Mig-Message-Id")), "Mig-Message-Id header does not echo the message id");
        return "server " + a.body().path("server_id").asText();
    }

    private static String discover(NatsWire wire) throws Exception {
        NatsWire.Answer a = wire.request("discover", "{}");
        expect(a.body().path("capabilities").isArray(), "capabilities is not an array: " + a.body());
        return a.body().path("capabilities").size() + " capabilities";
    }

    /** Invokes the demo capability when present, else the first unary capability. */
    private static String invoke(NatsWire wire) throws Exception {
        String capability = null;
        for (JsonNode c : wire.request("discover", "{}").body().path("capabilities")) {
            if (c.path("id").asText().equals("observatory.models.infer")) {
                capability = "observatory.models.infer";
                break;
            }
            if (capability == null && c.path("modes").toString().contains("unary")) {
                capability = c.path("id").asText();
            }
        }
        expect(capability != null, "DISCOVER lists no unary capability to invoke");
        NatsWire.Answer a = wire.request("invoke." + capability, "{\"payload\":{\"input\":\"nats smoke\"}}");
        expect(a.errorCode() == null, "error " + a.body().path("error"));
        expect(capability.equals(a.body().path("capability").asText()), "capability not echoed");
        expect(a.body().path("payload").isObject(), "payload is not an object");
        return capability;
    }

    private static String publish(NatsWire wire) throws Exception {
        String topic = "smoke.nats." + UUID.randomUUID().toString().substring(0, 8);
        Subscription mirror = wire.connection().subscribe(wire.subject("events." + topic));
        wire.connection().flush(Duration.ofSeconds(5));
        NatsWire.Answer a = wire.request("events." + topic, "{\"payload\":{\"smoke\":true}}");
        expect(a.errorCode() == null, "error " + a.body().path("error"));
        expect(a.body().path("accepted").asBoolean(), "not accepted: " + a.body());
        String eventId = a.body().path("event_id").asText();
        // the subscription also sees the request itself; the mirror is the one marked Mig-Mirror: true
        long until = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < until) {
            Message m = mirror.nextMessage(Duration.ofMillis(500));
            if (m != null && m.hasHeaders() && "true".equals(m.getHeaders().getFirst("Mig-Mirror"))) {
                String body = new String(m.getData(), StandardCharsets.UTF_8);
                mirror.unsubscribe();
                expect(body.contains(eventId), "the mirrored event is not the published one");
                return "event " + eventId + " mirrored";
            }
        }
        mirror.unsubscribe();
        throw new Check.Failed("no mirrored event with Mig-Mirror: true on " + wire.subject("events." + topic));
    }

    private static String cancel(NatsWire wire) throws Exception {
        NatsWire.Answer a = wire.request("control.cancel.msg-smoke-" + UUID.randomUUID(), "{\"reason\":\"smoke\"}");
        expect(a.errorCode() == null, "error " + a.body().path("error"));
        expect(a.body().has("accepted") && a.body().hasNonNull("status"), "not a CancelAck: " + a.body());
        return a.body().path("status").asText();
    }

    private static String heartbeat(NatsWire wire) throws Exception {
        NatsWire.Answer a = wire.request("control.heartbeat", "{\"interval_ms\":5000}");
        expect(a.errorCode() == null, "error " + a.body().path("error"));
        expect(a.body().path("suggested_interval_ms").asLong() > 0, "no suggested_interval_ms: " + a.body());
        return a.body().path("suggested_interval_ms").asLong() + " ms";
    }

    private static String unknownCapability(NatsWire wire) throws Exception {
        NatsWire.Answer a = wire.request("invoke.conformance.no-such-capability", "{\"payload\":{}}");
        expect("MIG_UNSUPPORTED_CAPABILITY".equals(a.errorCode()), "code " + a.errorCode());
        expect(a.body().path("error").has("retryable"), "error.retryable missing");
        return a.errorCode();
    }

    private static String malformed(NatsWire wire) throws Exception {
        NatsWire.Answer a = wire.request("hello", "{not json");
        expect("MIG_INVALID_REQUEST".equals(a.errorCode()), "code " + a.errorCode());
        return a.errorCode();
    }

    private static String foreignTenant(NatsWire wire) throws Exception {
        String other = wire.tenant().equals("conformance-other") ? "conformance-else" : "conformance-other";
        NatsWire.Answer a = wire.request("hello", "{\"header\":{\"tenant_id\":\"" + other + "\"}}");
        expect("MIG_FORBIDDEN".equals(a.errorCode()), "code " + a.errorCode());
        return a.errorCode();
    }
}
