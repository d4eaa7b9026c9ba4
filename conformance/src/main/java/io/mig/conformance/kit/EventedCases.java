package io.mig.conformance.kit;

import static io.mig.conformance.kit.KitContext.expect;
import static io.mig.conformance.kit.KitContext.success;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.conformance.kit.MigWire.Call;
import io.mig.conformance.kit.MigWire.Credentials;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The evented profile's cases (SPEC §3.4, §4.9, §7): PUBLISH, SUBSCRIBE with replay and cursors, isolation. */
final class EventedCases {
    private static final Duration EVENT_WAIT = Duration.ofSeconds(10);

    private EventedCases() {
    }

    static List<KitCase> all() {
        return List.of(
                essential("publish", "PUBLISH answers gap-free sequences from 1 per topic", EventedCases::publish),
                plain("invalidTopic", "an over-long topic is MIG_INVALID_REQUEST", EventedCases::invalidTopic),
                essential("subscribeLive", "a subscriber receives live events in sequence order", EventedCases::subscribeLive),
                essential("subscribeReplay", "SUBSCRIBE replays retained events, then goes live", EventedCases::subscribeReplay),
                plain("subscribeCursor", "resume_cursor delivers only later events", EventedCases::subscribeCursor),
                plain("subscribeBadCursor", "a negative resume_cursor is refused before the stream", EventedCases::subscribeBadCursor),
                plain("subscribeTenantFromBody", "SUBSCRIBE takes the tenant from the body's header", EventedCases::subscribeTenantFromBody),
                plain("eventIsolation", "a tenant never sees another tenant's events", EventedCases::eventIsolation));
    }

    private static KitCase essential(String id, String title, KitCase.Body body) {
        return new KitCase(id, title, Profile.EVENTED, true, body);
    }

    private static KitCase plain(String id, String title, KitCase.Body body) {
        return new KitCase(id, title, Profile.EVENTED, false, body);
    }

    private static JsonNode publish(KitContext kit, Credentials as, String topic, int n) throws Exception {
        ObjectNode body = kit.envelope().put("topic", topic);
        body.putObject("payload").put("n", n).put("by", as.tenantHeader());
        JsonNode ack = success(kit.wire().publish(new Call(body, as)), "PUBLISH " + n);
        expect(ack.path("accepted").asBoolean(), "not accepted: " + ack);
        return ack;
    }

    private static ObjectNode subscription(KitContext kit, String topic) {
        return kit.envelope().put("topic", topic);
    }

    private static String publish(KitContext kit) throws Exception {
        String topic = KitContext.topic();
        JsonNode first = publish(kit, kit.wire().defaults(), topic, 1);
        JsonNode second = publish(kit, kit.wire().defaults(), topic, 2);
        expect(first.path("sequence").asLong() == 1 && second.path("sequence").asLong() == 2,
                "sequences " + first.path("sequence") + ", " + second.path("sequence") + " on a new topic");
        expect(topic.equals(first.path("topic").asText()), "topic not echoed");
        expect(!first.path("event_id").asText().isEmpty() && !first.path("event_id").equals(second.path("event_id")),
                "event ids " + first.path("event_id") + ", " + second.path("event_id"));
        return "sequences 1, 2";
    }

    private static String invalidTopic(KitContext kit) throws Exception {
        ObjectNode body = kit.envelope().put("topic", "conformance." + "t".repeat(300));
        body.putObject("payload");
        kit.error(kit.wire().publish(kit.call(body)), "MIG_INVALID_REQUEST", "a 312-char topic");
        return "refused";
    }

    /**
     * Works without replay and without knowing when the subscription is in place: publishes until
     * one event arrives, then expects the next ones in order.
     */
    private static String subscribeLive(KitContext kit) throws Exception {
        String topic = KitContext.topic();
        try (MigWire.Events events = kit.wire().subscribe(kit.call(subscription(kit, topic)))) {
            JsonNode first = null;
            int n = 0;
            while (first == null && n < 20) {
                publish(kit, kit.wire().defaults(), topic, ++n);
                first = events.next(Duration.ofMillis(500));
            }
            expect(first != null, "no event after " + n + " publishes");
            expect(first.path("error").isMissingNode(), "the subscription failed: " + first);
            long sequence = first.path("sequence").asLong();
            // drain what is still on its way from the probing publishes, then two more
            for (long s = sequence + 1; s <= n; s++) {
                JsonNode next = events.next(EVENT_WAIT);
                expect(next != null && next.path("sequence").asLong() == s, "expected sequence " + s + ", got " + next);
            }
            for (int more = 1; more <= 2; more++) {
                JsonNode ack = publish(kit, kit.wire().defaults(), topic, n + more);
                JsonNode next = events.next(EVENT_WAIT);
                expect(next != null, "live event " + (n + more) + " not delivered");
                expect(next.path("sequence").asLong() == ack.path("sequence").asLong(), "sequence " + next.path("sequence")
                        + ", published " + ack.path("sequence"));
                expect(next.path("payload").path("n").asInt() == n + more, "payload " + next.path("payload"));
                expect(topic.equals(next.path("topic").asText()) && !next.path("replay").asBoolean(), "event " + next);
            }
            return "live from sequence " + sequence;
        }
    }

    private static String subscribeReplay(KitContext kit) throws Exception {
        kit.requireReplay();
        String topic = KitContext.topic();
        publish(kit, kit.wire().defaults(), topic, 1);
        publish(kit, kit.wire().defaults(), topic, 2);
        try (MigWire.Events events = kit.wire().subscribe(kit.call(subscription(kit, topic)))) {
            List<JsonNode> seen = take(events, 2);
            expect(seen.get(0).path("sequence").asLong() == 1 && seen.get(1).path("sequence").asLong() == 2, "order " + seen);
            expect(seen.get(0).path("replay").asBoolean() && seen.get(1).path("replay").asBoolean(), "not marked replay: " + seen);
            publish(kit, kit.wire().defaults(), topic, 3);
            JsonNode live = take(events, 1).get(0);
            expect(live.path("sequence").asLong() == 3 && !live.path("replay").asBoolean(), "live event " + live);
            return "2 replayed, 1 live";
        }
    }

    private static String subscribeCursor(KitContext kit) throws Exception {
        kit.requireReplay();
        String topic = KitContext.topic();
        for (int n = 1; n <= 3; n++) {
            publish(kit, kit.wire().defaults(), topic, n);
        }
        ObjectNode body = subscription(kit, topic).put("resume_cursor", 2);
        try (MigWire.Events events = kit.wire().subscribe(kit.call(body))) {
            JsonNode first = take(events, 1).get(0);
            expect(first.path("sequence").asLong() == 3, "resume_cursor 2 delivered " + first);
            return "from sequence 3";
        }
    }

    private static String subscribeBadCursor(KitContext kit) throws Exception {
        kit.requireReplay();
        ObjectNode body = subscription(kit, KitContext.topic()).put("resume_cursor", "-1");
        try (MigWire.Events events = kit.wire().subscribe(kit.call(body))) {
            JsonNode first = events.next(EVENT_WAIT);
            expect(first != null, "neither an error nor an event");
            kit.error(new MigWire.Outcome(first, null), "MIG_INVALID_REQUEST", "resume_cursor -1");
            return "refused";
        }
    }

    /** SPEC §3.2 on every binding; over gRPC the tenant is then only in {@code SubscribeRequest.header}. */
    private static String subscribeTenantFromBody(KitContext kit) throws Exception {
        kit.requireReplay();
        String topic = KitContext.topic();
        String tenant = kit.target().otherTenant();
        publish(kit, kit.as(tenant), topic, 1);
        ObjectNode body = subscription(kit, topic);
        ((ObjectNode) body.path("header")).put("tenant_id", tenant);
        try (MigWire.Events events = kit.wire().subscribe(new Call(body, new Credentials(null, kit.tokenFor(tenant))))) {
            JsonNode first = take(events, 1).get(0);
            expect(first.path("sequence").asLong() == 1 && tenant.equals(first.path("payload").path("by").asText()),
                    "event " + first);
            return "replayed " + tenant + "'s event";
        }
    }

    private static String eventIsolation(KitContext kit) throws Exception {
        String topic = KitContext.topic();
        Credentials mine = kit.wire().defaults();
        Credentials other = kit.as(kit.target().otherTenant());
        publish(kit, mine, topic, 1);
        publish(kit, mine, topic, 2);
        JsonNode theirs = publish(kit, other, topic, 1);
        expect(theirs.path("sequence").asLong() == 1, "the other tenant's first event is sequence " + theirs.path("sequence"));
        ObjectNode body = subscription(kit, topic);
        try (MigWire.Events events = kit.wire().subscribe(new Call(body, other))) {
            // whether this binding replays or not, the next event of the other tenant arrives last
            JsonNode marker = null;
            int n = 1;
            List<JsonNode> seen = new ArrayList<>();
            while (marker == null && n < 20) {
                publish(kit, other, topic, ++n);
                publish(kit, mine, topic, 100 + n);
                for (JsonNode e = events.next(Duration.ofMillis(500)); e != null; e = events.next(Duration.ofMillis(200))) {
                    seen.add(e);
                    if (e.path("payload").path("n").asInt() == n) {
                        marker = e;
                    }
                }
            }
            expect(marker != null, "the subscriber saw none of its own tenant's events: " + seen);
            for (JsonNode e : seen) {
                expect(kit.target().otherTenant().equals(e.path("payload").path("by").asText()),
                        "a subscriber of " + kit.target().otherTenant() + " saw " + e);
            }
            return seen.size() + " events, all its own";
        }
    }

    private static List<JsonNode> take(MigWire.Events events, int count) throws Exception {
        List<JsonNode> seen = new ArrayList<>();
        while (seen.size() < count) {
            JsonNode e = events.next(EVENT_WAIT);
            expect(e != null, "only " + seen.size() + " of " + count + " events: " + seen);
            expect(e.path("error").isMissingNode(), "the subscription failed: " + e);
            seen.add(e);
        }
        return seen;
    }

}
