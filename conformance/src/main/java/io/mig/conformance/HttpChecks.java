package io.mig.conformance;

import static io.mig.conformance.Check.expect;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** The black-box checks of MIG over HTTP: core, streaming and evented behaviour a client relies on. */
final class HttpChecks {
    private HttpChecks() {
    }

    static List<Check<HttpWire>> all() {
        return List.of(
                new Check<>("hello negotiates 0.1", "core", HttpChecks::hello),
                new Check<>("discover lists capabilities", "core", HttpChecks::discover),
                new Check<>("unary invoke answers", "core", HttpChecks::invoke),
                new Check<>("idempotent replay", "core", HttpChecks::idempotency),
                new Check<>("unknown capability is MIG_UNSUPPORTED_CAPABILITY", "core", HttpChecks::unknownCapability),
                new Check<>("malformed JSON is a MIG error envelope", "core", HttpChecks::malformed),
                new Check<>("wrong method is 405 with Allow", "core", HttpChecks::wrongMethod),
                new Check<>("version mismatch", "core", HttpChecks::versionMismatch),
                new Check<>("cancel is acknowledged", "core", HttpChecks::cancel),
                new Check<>("heartbeat suggests an interval", "core", HttpChecks::heartbeat),
                new Check<>("publish then subscribe with replay", "evented", HttpChecks::publishSubscribe));
    }

    private static String hello(HttpWire wire) throws Exception {
        HttpWire.Answer a = wire.post("/mig/v0.1/hello", "{\"supported_versions\":[\"0.1\"],\"requested_bindings\":[\"http\"]}");
        expect(a.status() == 200, "status " + a.status() + " " + a.body());
        expect("0.1".equals(a.body().path("selected_version").asText()), "selected_version " + a.body().path("selected_version"));
        expect("http".equals(a.body().path("selected_binding").asText()), "selected_binding " + a.body().path("selected_binding"));
        expect(wire.tenant().equals(a.body().path("header").path("tenant_id").asText()), "tenant not echoed");
        expect(!a.body().path("header").path("message_id").asText().isEmpty(), "no message_id");
        return "server " + a.body().path("server_id").asText();
    }

    private static String discover(HttpWire wire) throws Exception {
        HttpWire.Answer a = wire.post("/mig/v0.1/discover", "{}");
        expect(a.status() == 200, "status " + a.status());
        expect(a.body().path("capabilities").isArray(), "capabilities is not an array");
        for (JsonNode c : a.body().path("capabilities")) {
            expect(c.hasNonNull("id") && c.hasNonNull("version") && c.path("modes").isArray(), "incomplete descriptor " + c);
            expect(!c.has("provider"), "DISCOVER leaks provider configuration");
        }
        return a.body().path("capabilities").size() + " capabilities";
    }

    /** Invokes the demo capability when present, else the first unary capability. */
    private static String invoke(HttpWire wire) throws Exception {
        String capability = unaryCapability(wire);
        HttpWire.Answer a = wire.post("/mig/v0.1/invoke/" + capability, "{\"payload\":{\"input\":\"conformance\"}}");
        expect(a.status() == 200 || a.errorCode() != null, "neither a result nor a MIG error: " + a.status());
        if (a.status() == 200) {
            expect(capability.equals(a.body().path("capability").asText()), "capability not echoed");
            expect(a.body().path("payload").isObject(), "payload is not an object");
        }
        return capability + " -> " + a.status();
    }

    private static String idempotency(HttpWire wire) throws Exception {
        String capability = unaryCapability(wire);
        String body = "{\"header\":{\"idempotency_key\":\"conf-" + UUID.randomUUID() + "\"},\"payload\":{\"input\":\"once\"}}";
        HttpWire.Answer first = wire.post("/mig/v0.1/invoke/" + capability, body);
        HttpWire.Answer second = wire.post("/mig/v0.1/invoke/" + capability, body);
        expect(first.status() == 200 && second.status() == 200, "statuses " + first.status() + "/" + second.status());
        expect(second.body().path("header").path("meta").path("idg.idempotent_replay").asBoolean(), "repeat not marked as replay");
        expect(first.body().path("payload").equals(second.body().path("payload")), "replayed payload differs");
        return "replayed";
    }

    private static String unknownCapability(HttpWire wire) throws Exception {
        HttpWire.Answer a = wire.post("/mig/v0.1/invoke/conformance.no-such-capability", "{\"payload\":{}}");
        expect(a.status() == 404, "status " + a.status());
        expect("MIG_UNSUPPORTED_CAPABILITY".equals(a.errorCode()), "code " + a.errorCode());
        expect(a.body().path("error").has("retryable"), "error.retryable missing");
        return "404";
    }

    private static String malformed(HttpWire wire) throws Exception {
        HttpWire.Answer a = wire.post("/mig/v0.1/hello", "{not json");
        expect(a.status() == 400, "status " + a.status());
        expect("MIG_INVALID_REQUEST".equals(a.errorCode()), "code " + a.errorCode());
        return "400";
    }

    private static String wrongMethod(HttpWire wire) throws Exception {
        HttpWire.Answer a = wire.get("/mig/v0.1/hello");
        expect(a.status() == 405, "status " + a.status());
        expect(a.allow() != null && a.allow().contains("POST"), "Allow " + a.allow());
        expect("MIG_INVALID_REQUEST".equals(a.errorCode()), "code " + a.errorCode());
        return "405 Allow: " + a.allow();
    }

    private static String versionMismatch(HttpWire wire) throws Exception {
        HttpWire.Answer a = wire.post("/mig/v0.1/hello", "{\"supported_versions\":[\"9.9\"]}");
        expect(a.status() == 400 && "MIG_VERSION_MISMATCH".equals(a.errorCode()), a.status() + " " + a.errorCode());
        return "400";
    }

    private static String cancel(HttpWire wire) throws Exception {
        String id = "conf-" + UUID.randomUUID();
        HttpWire.Answer a = wire.post("/mig/v0.1/cancel/" + id, "{\"reason\":\"conformance\"}");
        expect(a.status() == 200, "status " + a.status());
        expect(a.body().path("accepted").asBoolean(), "not accepted");
        expect(id.equals(a.body().path("target_message_id").asText()), "target not echoed");
        String status = a.body().path("status").asText();
        expect(status.equals("recorded") || status.equals("cancelled"), "status " + status);
        return status;
    }

    private static String heartbeat(HttpWire wire) throws Exception {
        HttpWire.Answer a = wire.post("/mig/v0.1/heartbeat", "{\"interval_ms\":10}");
        expect(a.status() == 200, "status " + a.status());
        long interval = a.body().path("suggested_interval_ms").asLong();
        expect(interval >= 1000 && interval <= 60000, "suggested_interval_ms " + interval);
        double load = a.body().path("load_factor").asDouble(-1);
        expect(load >= 0, "load_factor " + load);
        return "interval " + interval + " load " + load;
    }

    private static String publishSubscribe(HttpWire wire) throws Exception {
        String topic = "conformance.t" + UUID.randomUUID().toString().replace("-", "");
        HttpWire.Answer first = wire.post("/mig/v0.1/publish/" + topic, "{\"payload\":{\"n\":1}}");
        HttpWire.Answer second = wire.post("/mig/v0.1/publish/" + topic, "{\"payload\":{\"n\":2}}");
        expect(first.status() == 200 && second.status() == 200, "publish statuses " + first.status() + "/" + second.status());
        long s1 = first.body().path("sequence").asLong();
        long s2 = second.body().path("sequence").asLong();
        expect(s2 == s1 + 1, "sequences " + s1 + ", " + s2 + " are not consecutive");
        List<JsonNode> replay = wire.events("/mig/v0.1/subscribe/" + topic, 2, Duration.ofSeconds(10));
        expect(replay.size() == 2, "replayed " + replay.size() + " events");
        expect(replay.get(0).path("replay").asBoolean(), "first event not marked replay");
        expect(replay.get(1).path("payload").path("n").asInt() == 2, "order " + replay);
        List<JsonNode> resumed = wire.events("/mig/v0.1/subscribe/" + topic + "?resume_cursor=" + s1, 1, Duration.ofSeconds(10));
        expect(resumed.size() == 1 && resumed.get(0).path("sequence").asLong() == s2, "resume_cursor ignored");
        return "sequences " + s1 + ".." + s2;
    }

    private static String unaryCapability(HttpWire wire) throws Exception {
        JsonNode capabilities = wire.post("/mig/v0.1/discover", "{}").body().path("capabilities");
        String fallback = null;
        for (JsonNode c : capabilities) {
            String id = c.path("id").asText();
            if (id.equals("observatory.models.infer")) {
                return id;
            }
            for (JsonNode mode : c.path("modes")) {
                if (fallback == null && mode.asText().equals("unary")) {
                    fallback = id;
                }
            }
        }
        if (fallback == null) {
            throw new Check.Failed("no unary capability to invoke");
        }
        return fallback;
    }
}
