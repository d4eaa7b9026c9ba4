package io.mig.conformance.kit;

import static io.mig.conformance.kit.KitContext.JSON;
import static io.mig.conformance.kit.KitContext.expect;
import static io.mig.conformance.kit.KitContext.success;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.conformance.kit.MigWire.Call;
import io.mig.conformance.kit.MigWire.Credentials;
import io.mig.conformance.kit.MigWire.Outcome;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** The core profile's cases (SPEC §1–§4, §11): HELLO, DISCOVER, unary INVOKE, errors, idempotency, deadlines, CANCEL, HEARTBEAT, tenants. */
final class CoreCases {
    private CoreCases() {
    }

    static List<KitCase> all() {
        return List.of(
                essential("hello", "HELLO negotiates 0.1 and selects this binding", CoreCases::hello),
                essential("helloVersionMismatch", "HELLO without a common version is MIG_VERSION_MISMATCH", CoreCases::helloVersionMismatch),
                essential("discover", "DISCOVER lists whole descriptors, never providers", CoreCases::discover),
                plain("discoverQuery", "DISCOVER's query is a substring filter on ids", CoreCases::discoverQuery),
                essential("invokeUnary", "unary INVOKE answers the provider's payload", CoreCases::invokeUnary),
                essential("unknownCapability", "an unknown capability is MIG_UNSUPPORTED_CAPABILITY", CoreCases::unknownCapability),
                plain("schemaViolation", "a payload against the input schema lists its violations", CoreCases::schemaViolation),
                plain("invalidName", "an over-long capability name is MIG_INVALID_REQUEST", CoreCases::invalidName),
                plain("headerVersionMismatch", "an envelope of another mig_version is MIG_VERSION_MISMATCH", CoreCases::headerVersionMismatch),
                plain("negativeDeadline", "a negative or non-numeric deadline_ms is refused", CoreCases::negativeDeadline),
                plain("payloadNotObject", "a payload that is not an object is MIG_INVALID_REQUEST", CoreCases::payloadNotObject),
                plain("malformedJson", "a body that is not JSON is a MIG error envelope", CoreCases::malformedJson),
                plain("unknownOperation", "an unknown operation is MIG_NOT_FOUND", CoreCases::unknownOperation),
                plain("wrongMethod", "a wrong method is MIG_INVALID_REQUEST with Allow", CoreCases::wrongMethod),
                plain("idempotentReplay", "a repeated idempotency key replays the stored result", CoreCases::idempotentReplay),
                plain("idempotencyKeyReused", "a reused key with another payload is refused", CoreCases::idempotencyKeyReused),
                plain("concurrentDuplicates", "concurrent duplicates run the provider once", CoreCases::concurrentDuplicates),
                plain("deadline", "an expired deadline is MIG_TIMEOUT, promptly", CoreCases::deadline),
                plain("cancelRecorded", "CANCEL of nothing in flight is recorded and refuses that id", CoreCases::cancelRecorded),
                plain("cancelUnary", "CANCEL ends a unary call in flight with MIG_TIMEOUT cancelled", CoreCases::cancelUnary),
                plain("cancelOtherTenant", "CANCEL from another tenant leaves the call alone", CoreCases::cancelOtherTenant),
                plain("heartbeat", "HEARTBEAT clamps the interval and reports load", CoreCases::heartbeat),
                plain("tenantFromHeader", "the tenant comes from the binding's header", CoreCases::tenantFromHeader),
                plain("tenantFromBody", "the tenant comes from the body's header.tenant_id", CoreCases::tenantFromBody),
                plain("tenantConflict", "a body tenant other than the header's is MIG_FORBIDDEN", CoreCases::tenantConflict),
                plain("tenantMissing", "no tenant anywhere is refused", CoreCases::tenantMissing),
                plain("tenantFromToken", "the tenant comes from the bearer token alone", CoreCases::tenantFromToken));
    }

    private static KitCase essential(String id, String title, KitCase.Body body) {
        return new KitCase(id, title, Profile.CORE, true, body);
    }

    private static KitCase plain(String id, String title, KitCase.Body body) {
        return new KitCase(id, title, Profile.CORE, false, body);
    }

    private static ObjectNode helloBody(KitContext kit) {
        ObjectNode body = kit.envelope();
        body.putArray("supported_versions").add("0.1");
        body.putArray("requested_bindings").add(kit.wire().binding());
        return body;
    }

    private static String hello(KitContext kit) throws Exception {
        ObjectNode body = helloBody(kit);
        JsonNode a = success(kit.wire().hello(kit.call(body)), "HELLO");
        expect("0.1".equals(a.path("selected_version").asText()), "selected_version " + a.path("selected_version"));
        expect(kit.wire().binding().equals(a.path("selected_binding").asText()), "selected_binding " + a.path("selected_binding"));
        expect(kit.tenant().equals(a.path("header").path("tenant_id").asText()), "tenant not echoed: " + a.path("header"));
        expect(body.path("header").path("message_id").asText().equals(a.path("header").path("message_id").asText()),
                "message_id not echoed: " + a.path("header"));
        expect(a.path("enabled_features").isArray() && a.path("profiles").isArray(), "no enabled_features or profiles");
        return "server " + a.path("server_id").asText() + ", profiles " + a.path("profiles");
    }

    private static String helloVersionMismatch(KitContext kit) throws Exception {
        ObjectNode body = kit.envelope();
        body.putArray("supported_versions").add("9.9");
        kit.error(kit.wire().hello(kit.call(body)), "MIG_VERSION_MISMATCH", "HELLO 9.9");
        return "refused";
    }

    private static String discover(KitContext kit) throws Exception {
        JsonNode a = success(kit.wire().discover(kit.call(kit.envelope())), "DISCOVER");
        expect(a.path("capabilities").isArray(), "capabilities is not an array: " + a);
        boolean found = false;
        for (JsonNode c : a.path("capabilities")) {
            expect(c.path("id").isTextual() && c.path("version").isTextual() && c.path("modes").isArray()
                    && c.path("modes").size() > 0, "incomplete descriptor " + c);
            expect(!c.has("provider"), "DISCOVER leaks provider configuration: " + c.path("id"));
            for (JsonNode mode : c.path("modes")) {
                expect(Set.of("unary", "server_stream", "client_stream", "bidi_stream").contains(mode.asText()),
                        "mode " + mode + " of " + c.path("id"));
            }
            found |= c.path("id").asText().equals(kit.target().unaryCapability());
        }
        expect(found, kit.target().unaryCapability() + " is not listed");
        return a.path("capabilities").size() + " capabilities";
    }

    private static String discoverQuery(KitContext kit) throws Exception {
        String id = kit.target().unaryCapability();
        String query = id.substring(id.indexOf('.') + 1);
        ObjectNode body = kit.envelope().put("query", query);
        JsonNode a = success(kit.wire().discover(kit.call(body)), "DISCOVER " + query);
        boolean found = false;
        for (JsonNode c : a.path("capabilities")) {
            expect(c.path("id").asText().contains(query), c.path("id") + " does not contain " + query);
            found |= c.path("id").asText().equals(id);
        }
        expect(found, id + " not found by " + query);
        JsonNode none = success(kit.wire().discover(kit.call(kit.envelope().put("query", KitContext.id("none")))), "DISCOVER");
        expect(none.path("capabilities").size() == 0, "a query matching nothing found " + none.path("capabilities").size());
        return a.path("capabilities").size() + " match " + query;
    }

    private static String invokeUnary(KitContext kit) throws Exception {
        String capability = kit.target().unaryCapability();
        ObjectNode body = kit.invocation(capability, kit.input("conformance kit"));
        JsonNode a = success(kit.wire().invoke(kit.call(body)), "INVOKE " + capability);
        expect(capability.equals(a.path("capability").asText()), "capability not echoed: " + a.path("capability"));
        expect(a.path("payload").isObject() && a.path("payload").size() > 0, "payload is not an object: " + a.path("payload"));
        expect(body.path("header").path("message_id").asText().equals(a.path("header").path("message_id").asText()),
                "message_id not echoed");
        expect(kit.tenant().equals(a.path("header").path("tenant_id").asText()), "tenant not echoed");
        expect(a.path("header").path("deadline_ms").asLong() > 0, "deadline_ms not resolved: " + a.path("header"));
        if (capability.equals(KitTarget.DEMO)) {
            expect("conformance kit".equals(a.path("payload").path("result").asText()), "the demo answered " + a.path("payload"));
        }
        return capability + " -> " + a.path("payload").size() + " fields";
    }

    private static String unknownCapability(KitContext kit) throws Exception {
        ObjectNode body = kit.invocation("conformance.kit.no-such-capability", JSON.createObjectNode());
        Outcome outcome = kit.wire().invoke(kit.call(body));
        kit.error(outcome, "MIG_UNSUPPORTED_CAPABILITY", "unknown capability");
        expect(outcome.header().isMissingNode()
                || body.path("header").path("message_id").asText().equals(outcome.header().path("message_id").asText()),
                "the error envelope does not echo message_id: " + outcome.header());
        return outcome.status() == null ? "refused" : "refused with " + outcome.status();
    }

    private static String schemaViolation(KitContext kit) throws Exception {
        if (!kit.target().unaryCapability().equals(KitTarget.DEMO)) {
            throw new KitCase.Skipped("only the demo capability's input schema is known to the kit");
        }
        ObjectNode payload = JSON.createObjectNode().put("input", 42);
        JsonNode e = kit.error(kit.wire().invoke(kit.call(kit.invocation(KitTarget.DEMO, payload))), "MIG_INVALID_REQUEST",
                "input 42");
        expect(e.path("details").path("violations").isArray() && e.path("details").path("violations").size() > 0,
                "no details.violations: " + e);
        return e.path("details").path("violations").size() + " violations";
    }

    private static String invalidName(KitContext kit) throws Exception {
        String name = "conformance." + "x".repeat(300);
        kit.error(kit.wire().invoke(kit.call(kit.invocation(name, JSON.createObjectNode()))), "MIG_INVALID_REQUEST", "a 312-char name");
        return "refused";
    }

    private static String headerVersionMismatch(KitContext kit) throws Exception {
        ObjectNode body = kit.invocation(kit.target().unaryCapability(), kit.input("v"));
        ((ObjectNode) body.path("header")).put("mig_version", "9.9");
        kit.error(kit.wire().invoke(kit.call(body)), "MIG_VERSION_MISMATCH", "mig_version 9.9");
        return "refused";
    }

    private static String negativeDeadline(KitContext kit) throws Exception {
        ObjectNode body = kit.invocation(kit.target().unaryCapability(), kit.input("d"));
        ((ObjectNode) body.path("header")).put("deadline_ms", -5);
        kit.error(kit.wire().invoke(kit.call(body)), "MIG_INVALID_REQUEST", "deadline_ms -5");
        ObjectNode text = kit.invocation(kit.target().unaryCapability(), kit.input("d"));
        ((ObjectNode) text.path("header")).put("deadline_ms", "soon");
        kit.error(kit.wire().invoke(kit.call(text)), "MIG_INVALID_REQUEST", "deadline_ms \"soon\"");
        return "refused";
    }

    /** SPEC §1.2 and §11: {@code payload} is always an object. */
    private static String payloadNotObject(KitContext kit) throws Exception {
        for (JsonNode payload : List.of(JSON.createArrayNode().add(1), JSON.getNodeFactory().textNode("text"))) {
            ObjectNode body = kit.envelope().put("capability", kit.target().unaryCapability());
            body.set("payload", payload);
            kit.error(kit.wire().invoke(kit.call(body)), "MIG_INVALID_REQUEST", "payload " + payload);
        }
        return "refused";
    }

    private static String malformedJson(KitContext kit) throws Exception {
        kit.error(kit.wire().malformed("hello", "{not json"), "MIG_INVALID_REQUEST", "{not json");
        kit.error(kit.wire().malformed("hello", "[1, 2]"), "MIG_INVALID_REQUEST", "an array body");
        // the binding still answers afterwards (a WebSocket stays open)
        success(kit.wire().invoke(kit.call(kit.invocation(kit.target().unaryCapability(), kit.input("after")))), "INVOKE after");
        return "refused, still serving";
    }

    private static String unknownOperation(KitContext kit) throws Exception {
        kit.error(kit.wire().unknownOperation(), "MIG_NOT_FOUND", "unknown operation");
        return "refused";
    }

    private static String wrongMethod(KitContext kit) throws Exception {
        Outcome outcome = kit.wire().wrongMethod("hello");
        kit.error(outcome, "MIG_INVALID_REQUEST", "wrong method");
        expect("405".equals(outcome.status()), "status " + outcome.status());
        String allow = outcome.transport().get("allow");
        expect(allow != null && allow.contains("POST"), "Allow " + allow);
        return "405 Allow: " + allow;
    }

    private static ObjectNode keyed(KitContext kit, String capability, ObjectNode payload, String key) {
        ObjectNode body = kit.invocation(capability, payload);
        ((ObjectNode) body.path("header")).put("idempotency_key", key);
        return body;
    }

    private static String idempotentReplay(KitContext kit) throws Exception {
        String key = KitContext.id("key");
        String capability = kit.target().unaryCapability();
        JsonNode first = success(kit.wire().invoke(kit.call(keyed(kit, capability, kit.input("once"), key))), "first");
        JsonNode second = success(kit.wire().invoke(kit.call(keyed(kit, capability, kit.input("once"), key))), "repeat");
        expect(!first.path("header").path("meta").path("idg.idempotent_replay").asBoolean(), "the first call is marked as replay");
        expect(second.path("header").path("meta").path("idg.idempotent_replay").asBoolean(),
                "the repeat is not marked idg.idempotent_replay: " + second.path("header"));
        expect(first.path("payload").equals(second.path("payload")), "replayed payload differs");
        return "replayed";
    }

    private static String idempotencyKeyReused(KitContext kit) throws Exception {
        String key = KitContext.id("key");
        String capability = kit.target().unaryCapability();
        success(kit.wire().invoke(kit.call(keyed(kit, capability, kit.input("one"), key))), "first");
        Outcome other = kit.wire().invoke(kit.call(keyed(kit, capability, kit.input("other"), key)));
        JsonNode e = kit.error(other, "MIG_INVALID_REQUEST", "same key, other payload");
        expect("idempotency_key_reused".equals(e.path("details").path("reason").asText()), "details " + e.path("details"));
        expect(other.status() == null || !other.status().chars().allMatch(Character::isDigit) || "422".equals(other.status()),
                "HTTP status " + other.status() + ", SPEC §4.3 says 422");
        return "refused";
    }

    private static String concurrentDuplicates(KitContext kit) throws Exception {
        String capability = kit.slowCapability();
        String key = KitContext.id("key");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Outcome>> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                calls.add(pool.submit(() -> kit.wire().invoke(kit.call(keyed(kit, capability, kit.slow(600, 0), key)))));
            }
            Set<JsonNode> runs = new HashSet<>();
            int replays = 0;
            for (Future<Outcome> call : calls) {
                JsonNode a = success(call.get(20, TimeUnit.SECONDS), "a duplicate");
                runs.add(a.path("payload").path("run"));
                replays += a.path("header").path("meta").path("idg.idempotent_replay").asBoolean() ? 1 : 0;
            }
            expect(runs.size() == 1 && !runs.iterator().next().isMissingNode(), "the provider ran for runs " + runs);
            expect(replays == 2, replays + " of 3 duplicates were marked as replays, expected 2");
            JsonNode fresh = success(kit.wire().invoke(kit.call(keyed(kit, capability, kit.slow(0, 0), KitContext.id("key")))),
                    "another key");
            expect(!runs.contains(fresh.path("payload").path("run")), "another key did not run the provider again");
            return "one run for 3 duplicates";
        } finally {
            pool.shutdownNow();
        }
    }

    private static String deadline(KitContext kit) throws Exception {
        String capability = kit.slowCapability();
        ObjectNode body = kit.invocation(capability, kit.slow(5000, 0));
        ((ObjectNode) body.path("header")).put("deadline_ms", 300);
        long start = System.nanoTime();
        Outcome outcome = kit.wire().invoke(kit.call(body));
        long millis = (System.nanoTime() - start) / 1_000_000;
        JsonNode e = kit.error(outcome, "MIG_TIMEOUT", "deadline 300 ms");
        expect(e.path("retryable").asBoolean(), "an expired deadline is not retryable");
        // SPEC §4.4 says within 10% + 50 ms of the deadline; the margin absorbs a loaded client machine
        expect(millis < 300 + 1500, "MIG_TIMEOUT after " + millis + " ms for a 300 ms deadline");
        return "MIG_TIMEOUT after " + millis + " ms";
    }

    private static ObjectNode cancelBody(KitContext kit, String target) {
        return kit.envelope().put("target_message_id", target).put("reason", "conformance kit");
    }

    private static String cancelRecorded(KitContext kit) throws Exception {
        String target = KitContext.id("msg");
        JsonNode ack = success(kit.wire().cancel(kit.call(cancelBody(kit, target))), "CANCEL");
        expect(ack.path("accepted").asBoolean(), "not accepted: " + ack);
        expect("recorded".equals(ack.path("status").asText()), "status " + ack.path("status"));
        expect(!ack.has("target_message_id") || target.equals(ack.path("target_message_id").asText()), "target not echoed");
        ObjectNode body = kit.invocation(kit.target().unaryCapability(), kit.input("late"));
        ((ObjectNode) body.path("header")).put("message_id", target);
        JsonNode e = kit.error(kit.wire().invoke(kit.call(body)), "MIG_TIMEOUT", "INVOKE of a cancelled id");
        expect(e.path("details").path("cancelled").asBoolean() && !e.path("retryable").asBoolean(),
                "not refused as cancelled: " + e);
        return "recorded, then refused";
    }

    private static String cancelUnary(KitContext kit) throws Exception {
        String capability = kit.slowCapability();
        ObjectNode body = kit.invocation(capability, kit.slow(8000, 0));
        String target = body.path("header").path("message_id").asText();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            long start = System.nanoTime();
            Future<Outcome> call = pool.submit(() -> kit.wire().invoke(kit.call(body)));
            Thread.sleep(400); // let it reach the provider; a CANCEL that arrives first refuses it all the same
            JsonNode ack = success(kit.wire().cancel(kit.call(cancelBody(kit, target))), "CANCEL");
            expect(ack.path("accepted").asBoolean(), "not accepted: " + ack);
            JsonNode e = kit.error(call.get(20, TimeUnit.SECONDS), "MIG_TIMEOUT", "the cancelled call");
            long millis = (System.nanoTime() - start) / 1_000_000;
            expect(e.path("details").path("cancelled").asBoolean(), "details.cancelled is not true: " + e);
            expect(!e.path("retryable").asBoolean(), "a cancelled call is retryable");
            expect(millis < 6000, "the cancelled call ended after " + millis + " ms, its provider answers at 8000");
            return "ack " + ack.path("status").asText() + ", call ended after " + millis + " ms";
        } finally {
            pool.shutdownNow();
        }
    }

    private static String cancelOtherTenant(KitContext kit) throws Exception {
        String capability = kit.slowCapability();
        Credentials other = kit.as(kit.target().otherTenant());
        ObjectNode body = kit.invocation(capability, kit.slow(800, 0));
        String target = body.path("header").path("message_id").asText();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Outcome> call = pool.submit(() -> kit.wire().invoke(kit.call(body)));
            Thread.sleep(200);
            JsonNode ack = success(kit.wire().cancel(new Call(cancelBody(kit, target), other)), "CANCEL as the other tenant");
            expect(!"cancelled".equals(ack.path("status").asText()), "another tenant cancelled the call: " + ack);
            success(call.get(20, TimeUnit.SECONDS), "the call another tenant tried to cancel");
            return "untouched";
        } finally {
            pool.shutdownNow();
        }
    }

    private static String heartbeat(KitContext kit) throws Exception {
        JsonNode low = success(kit.wire().heartbeat(kit.call(kit.envelope().put("interval_ms", 10))), "HEARTBEAT 10");
        expect(low.path("suggested_interval_ms").asLong() == 1000, "10 ms suggested " + low.path("suggested_interval_ms"));
        JsonNode mid = success(kit.wire().heartbeat(kit.call(kit.envelope().put("interval_ms", 7000))), "HEARTBEAT 7000");
        expect(mid.path("suggested_interval_ms").asLong() == 7000, "7000 ms suggested " + mid.path("suggested_interval_ms"));
        double load = mid.path("load_factor").asDouble(-1);
        expect(load >= 0, "load_factor " + mid.path("load_factor"));
        return "clamped, load " + load;
    }

    /** The tenant cases INVOKE, which every binding carries (a WebSocket frame included). */
    private static ObjectNode tenantBody(KitContext kit) {
        return kit.invocation(kit.target().unaryCapability(), kit.input("tenant"));
    }

    private static String echoedTenant(KitContext kit, Call call) throws Exception {
        JsonNode a = success(kit.wire().invoke(call), "INVOKE");
        return a.path("header").path("tenant_id").asText();
    }

    private static String tenantFromHeader(KitContext kit) throws Exception {
        String tenant = kit.target().otherTenant();
        Credentials credentials = kit.as(tenant);
        expect(tenant.equals(echoedTenant(kit, new Call(tenantBody(kit), credentials))), "the header's tenant is not used");
        return tenant;
    }

    private static String tenantFromBody(KitContext kit) throws Exception {
        String tenant = kit.target().otherTenant();
        ObjectNode body = tenantBody(kit);
        ((ObjectNode) body.path("header")).put("tenant_id", tenant);
        Credentials credentials = new Credentials(null, kit.tokenFor(tenant));
        expect(tenant.equals(echoedTenant(kit, new Call(body, credentials))), "the body's tenant is not used");
        return tenant;
    }

    private static String tenantConflict(KitContext kit) throws Exception {
        ObjectNode body = tenantBody(kit);
        ((ObjectNode) body.path("header")).put("tenant_id", kit.target().otherTenant());
        kit.error(kit.wire().invoke(kit.call(body)), "MIG_FORBIDDEN", "header " + kit.tenant() + ", body " + kit.target().otherTenant());
        return "refused";
    }

    private static String tenantMissing(KitContext kit) throws Exception {
        Outcome outcome = kit.wire().invoke(new Call(tenantBody(kit), Credentials.NONE));
        String code = kit.target().tokens() == null ? "MIG_INVALID_REQUEST" : "MIG_UNAUTHORIZED";
        kit.error(outcome, code, "no tenant, no token");
        return code;
    }

    private static String tenantFromToken(KitContext kit) throws Exception {
        if (kit.target().tokens() == null) {
            throw new KitCase.Skipped("the gateway runs with auth none (no tokens)");
        }
        String tenant = kit.target().otherTenant();
        Credentials token = new Credentials(null, kit.tokenFor(tenant));
        expect(tenant.equals(echoedTenant(kit, new Call(tenantBody(kit), token))), "the token's tenant is not used");
        Outcome conflict = kit.wire().invoke(new Call(tenantBody(kit), token.withTenantHeader(kit.tenant())));
        kit.error(conflict, "MIG_FORBIDDEN", "a header tenant other than the token's");
        return tenant;
    }
}
