package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.testing.Await;
import io.mig.migd.provider.HoldingUpstream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * SPEC §10 with real processes: three migd instances on one {@code nats-server -js} act as one
 * gateway. Each case writes through one instance and reads through the others; the last one
 * restarts every instance and finds everything again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedStateTest {
    /** SPEC §10 says 1 s; a loaded two-core machine gets a margin. */
    private static final Duration PROPAGATION = Duration.ofSeconds(3);

    private static NatsServer nats;
    private static MigdInstance a;
    private static MigdInstance b;
    private static MigdInstance c;

    @BeforeAll
    static void start() {
        nats = NatsServer.start();
        List<MigdInstance> started = startAll("a", "b", "c");
        a = started.get(0);
        b = started.get(1);
        c = started.get(2);
    }

    /** Starts the instances at once (each is a JVM: in sequence they would take three times as long). */
    private static List<MigdInstance> startAll(String... ids) {
        Map<String, String> env = Map.of("MIGD_STATE", "jetstream", "MIGD_NATS_URL", nats.url(),
                "MIGD_ENABLE_NATS_BINDING", "false", "MIGD_LOG_LEVEL", "info");
        List<CompletableFuture<MigdInstance>> starting = java.util.Arrays.stream(ids)
                .map(id -> CompletableFuture.supplyAsync(() -> MigdInstance.start("migd-" + id, env))).toList();
        return starting.stream().map(CompletableFuture::join).toList();
    }

    @AfterAll
    static void stop() {
        for (MigdInstance instance : new MigdInstance[] {a, b, c}) {
            if (instance != null) {
                instance.close();
            }
        }
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    @Order(1)
    void eachInstanceSaysWhichItIsInTheConnectionViewAndInHello() {
        for (MigdInstance instance : List.of(a, b, c)) {
            assertThat(instance.get("/admin/v0.1/connections").json().path("instance_id").asText()).isEqualTo(instance.id());
            assertThat(instance.post("/mig/v0.1/hello", "{}", "X-Tenant-ID", "acme").json().path("server_id").asText())
                    .isEqualTo(instance.id());
            assertThat(instance.get("/readyz").json().path("checks").path("state_jetstream").asBoolean()).isTrue();
        }
    }

    @Test
    @Order(2)
    void registrationReplacementAndDeletionAreInForceOnEveryInstance() {
        String id = "ha.prop.echo";
        assertThat(a.post("/admin/v0.1/capabilities", capability(id, "1.0.0")).status()).isEqualTo(201);
        for (MigdInstance other : List.of(b, c)) {
            Await.until(PROPAGATION, () -> version(other, id).equals("1.0.0"), other.id() + " sees the registration");
            MigdServer.Reply invoked = other.post("/mig/v0.1/invoke/" + id, "{\"payload\":{\"n\":1}}", "X-Tenant-ID", "acme");
            assertThat(invoked.status()).as(invoked.body()).isEqualTo(200);
            assertThat(invoked.json().path("payload").path("n").asInt()).isEqualTo(1);
        }

        assertThat(b.post("/admin/v0.1/capabilities", capability(id, "2.0.0")).status()).as("a replacement").isEqualTo(200);
        for (MigdInstance other : List.of(a, c)) {
            Await.until(PROPAGATION, () -> version(other, id).equals("2.0.0"), other.id() + " sees the replacement");
        }

        assertThat(c.delete("/admin/v0.1/capabilities/" + id).status()).isIn(200, 204);
        for (MigdInstance other : List.of(a, b)) {
            Await.until(PROPAGATION, () -> version(other, id).isEmpty(), other.id() + " sees the deletion");
            MigdServer.Reply gone = other.post("/mig/v0.1/invoke/" + id, "{\"payload\":{}}", "X-Tenant-ID", "acme");
            assertThat(gone.errorCode()).isEqualTo("MIG_UNSUPPORTED_CAPABILITY");
        }
    }

    @Test
    @Order(3)
    void aSchemaRegisteredOnOneInstanceIsEnforcedOnEvery() {
        String uri = "schema://ha/strict/input/v1";
        MigdServer.Reply schema = a.post("/admin/v0.1/schemas", "{\"uri\":\"" + uri + "\",\"schema\":{\"type\":\"object\","
                + "\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}}");
        assertThat(schema.status()).as(schema.body()).isIn(200, 201);
        String body = "{\"descriptor\":{\"id\":\"ha.strict.echo\",\"version\":\"1.0.0\",\"modes\":[\"unary\"],"
                + "\"input_schema_uri\":\"" + uri + "\",\"output_schema_uri\":\"schema://ha/strict/output/v1\"},"
                + "\"provider\":{\"type\":\"test-echo\"}}";
        assertThat(a.post("/admin/v0.1/capabilities", body).status()).isEqualTo(201);
        for (MigdInstance other : List.of(b, c)) {
            Await.until(PROPAGATION, () -> other.post("/mig/v0.1/invoke/ha.strict.echo", "{\"payload\":{\"text\":7}}",
                    "X-Tenant-ID", "acme").status() == 400, other.id() + " refuses a payload the schema forbids");
            MigdServer.Reply valid = other.post("/mig/v0.1/invoke/ha.strict.echo", "{\"payload\":{\"text\":\"ok\"}}",
                    "X-Tenant-ID", "acme");
            assertThat(valid.status()).as(valid.body()).isEqualTo(200);
        }
    }

    @Test
    @Order(4)
    void eventsPublishedOnSeveralInstancesFormOneGapFreeSequenceSeenAlikeEverywhere() throws Exception {
        String topic = "ha.events.interleaved";
        int perPublisher = 15;
        List<SseClient> subscribers = new ArrayList<>();
        try {
            for (MigdInstance instance : List.of(a, b, c)) {
                subscribers.add(SseClient.get(instance.uri("/mig/v0.1/subscribe/" + topic), Map.of("X-Tenant-ID", "acme")));
            }
            ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Void>> publishers = new ArrayList<>();
            for (MigdInstance instance : List.of(a, b, a, b)) {
                publishers.add(CompletableFuture.runAsync(() -> {
                    await(go);
                    for (int i = 0; i < perPublisher; i++) {
                        MigdServer.Reply reply = instance.post("/mig/v0.1/publish/" + topic,
                                "{\"payload\":{\"from\":\"" + instance.id() + "\",\"i\":" + i + "}}", "X-Tenant-ID", "acme");
                        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                        acknowledged.add(reply.json().path("sequence").asLong());
                    }
                }));
            }
            go.countDown();
            CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            int total = 4 * perPublisher;
            assertThat(acknowledged).as("acknowledged sequences: each once, no gap")
                    .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, total).mapToObj(Long::valueOf).toList());

            List<String> first = null;
            for (SseClient subscriber : subscribers) {
                List<String> seen = new ArrayList<>();
                for (int i = 1; i <= total; i++) {
                    SseClient.Event event = subscriber.next();
                    assertThat(event.id()).isEqualTo(Integer.toString(i));
                    seen.add(event.json().path("event_id").asText());
                }
                if (first == null) {
                    first = seen;
                } else {
                    assertThat(seen).as("every instance's subscriber sees the same events in the same order").isEqualTo(first);
                }
            }
        } finally {
            subscribers.forEach(SseClient::close);
        }
    }

    @Test
    @Order(5)
    void idempotentDuplicatesInFlightOnTwoInstancesRunTheProviderOnce() throws Exception {
        try (HoldingUpstream upstream = new HoldingUpstream()) {
            register(a, "ha.idem.slow", upstream.url());
            awaitEverywhere("ha.idem.slow");
            String call = "{\"header\":{\"tenant_id\":\"acme\",\"idempotency_key\":\"ha-k1\"},\"payload\":{\"q\":1}}";
            CompletableFuture<MigdServer.Reply> onA = a.postAsync("/mig/v0.1/invoke/ha.idem.slow", call, "X-Tenant-ID", "acme");
            CompletableFuture<MigdServer.Reply> onB = b.postAsync("/mig/v0.1/invoke/ha.idem.slow", call, "X-Tenant-ID", "acme");
            assertThat(upstream.awaitRequests(1, 10_000)).as("one call reached the provider").isTrue();
            assertThat(upstream.awaitRequests(1, 1_000)).as("the duplicate on the other instance waits").isFalse();

            upstream.releaseAll();
            MigdServer.Reply first = onA.get(20, TimeUnit.SECONDS);
            MigdServer.Reply second = onB.get(20, TimeUnit.SECONDS);
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            assertThat(second.status()).as(second.body()).isEqualTo(200);
            assertThat(second.json().path("payload")).isEqualTo(first.json().path("payload"));
            MigdServer.Reply later = c.post("/mig/v0.1/invoke/ha.idem.slow", call, "X-Tenant-ID", "acme");
            assertThat(later.json().path("payload")).as("a third instance replays the stored result").isEqualTo(first.json().path("payload"));
            assertThat(upstream.requestHeads()).as("the provider ran once").hasSize(1);
        }
    }

    @Test
    @Order(6)
    void aWindowedQuotaAdmitsExactlyItsLimitAcrossInstancesUnderLoad() throws Exception {
        int limit = 7;
        MigdServer.Reply quota = a.post("/pro/v0.1/quotas",
                "{\"tenant_id\":\"ha-quota\",\"max_invocations\":" + limit + ",\"window_seconds\":3600}");
        assertThat(quota.status()).as(quota.body()).isIn(200, 201);
        Await.until(PROPAGATION, () -> quotaOf(b).isPresent() && quotaOf(c).isPresent(), "every instance knows the quota");

        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger limited = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> callers = new ArrayList<>();
        for (MigdInstance instance : List.of(a, b, c, a, b, c)) {
            callers.add(CompletableFuture.runAsync(() -> {
                await(go);
                for (int i = 0; i < 4; i++) {
                    MigdServer.Reply reply = instance.post("/mig/v0.1/invoke/observatory.models.infer",
                            "{\"payload\":{\"input\":\"q\"}}", "X-Tenant-ID", "ha-quota");
                    if (reply.status() == 200) {
                        admitted.incrementAndGet();
                    } else {
                        assertThat(reply.errorCode()).as(reply.body()).isEqualTo("MIG_RATE_LIMITED");
                        limited.incrementAndGet();
                    }
                }
            }));
        }
        go.countDown();
        CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(admitted.get()).as("admitted across three instances").isEqualTo(limit);
        assertThat(limited.get()).isEqualTo(24 - limit);
    }

    @Test
    @Order(7)
    void aCancelSentToOneInstanceStopsTheInvocationRunningOnAnother() throws Exception {
        try (HoldingUpstream upstream = new HoldingUpstream()) {
            register(a, "ha.cancel.slow", upstream.url());
            awaitEverywhere("ha.cancel.slow");
            CompletableFuture<MigdServer.Reply> running = b.postAsync("/mig/v0.1/invoke/ha.cancel.slow",
                    "{\"header\":{\"tenant_id\":\"acme\",\"message_id\":\"m-ha-cancel\",\"deadline_ms\":30000},\"payload\":{}}",
                    "X-Tenant-ID", "acme");
            assertThat(upstream.awaitRequests(1, 10_000)).isTrue();

            MigdServer.Reply ack = a.post("/mig/v0.1/cancel/m-ha-cancel", "{\"header\":{\"tenant_id\":\"acme\"},\"reason\":\"stop\"}",
                    "X-Tenant-ID", "acme");
            assertThat(ack.status()).as(ack.body()).isEqualTo(200);
            assertThat(ack.json().path("accepted").asBoolean()).isTrue();

            MigdServer.Reply cancelled = running.get(10, TimeUnit.SECONDS);
            assertThat(cancelled.errorCode()).as(cancelled.body()).isEqualTo("MIG_TIMEOUT");
            assertThat(cancelled.json().path("error").path("details").path("cancelled").asBoolean()).isTrue();
            assertThat(upstream.awaitClosed(1, 5_000)).as("the provider on B saw its call aborted").isTrue();
            // C learns of the cancellation through its watch of the bucket, like B did, and may do so a
            // little later than B; a short deadline keeps an attempt that came too early from holding.
            Await.propagated(() -> c.post("/mig/v0.1/invoke/ha.cancel.slow",
                            "{\"header\":{\"tenant_id\":\"acme\",\"message_id\":\"m-ha-cancel\",\"deadline_ms\":1000},"
                                    + "\"payload\":{}}", "X-Tenant-ID", "acme")
                    .json().path("error").path("details").path("cancelled").asBoolean(),
                    "the cancelled message id is refused on a third instance");
        }
    }

    @Test
    @Order(8)
    void anMcpSessionOpenedOnOneInstanceIsServedByAnother() {
        MigdServer.Reply init = a.post("/mcp", McpWire.legacy(0, "initialize", "\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"ha-test\",\"version\":\"1\"}"), "X-Tenant-ID", "acme");
        String session = init.header("Mcp-Session-Id");
        assertThat(session).as(init.body()).isNotBlank();
        for (MigdInstance other : List.of(b, c)) {
            MigdServer.Reply call = other.post("/mcp", McpWire.legacy(1, "tools/call",
                            "\"name\":\"observatory.models.infer\",\"arguments\":{\"input\":\"moved\"}"),
                    "X-Tenant-ID", "acme", "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25");
            assertThat(call.status()).as(other.id() + ": " + call.body()).isEqualTo(200);
            assertThat(call.json().path("result").path("structuredContent").path("result").asText()).isEqualTo("moved");
        }
    }

    @Test
    @Order(9)
    void afterEveryInstanceRestartedTheStateIsAllThere() throws Exception {
        String topic = "ha.events.durable";
        for (int i = 1; i <= 3; i++) {
            MigdInstance via = List.of(a, b, c).get(i - 1);
            assertThat(via.post("/mig/v0.1/publish/" + topic, "{\"payload\":{\"i\":" + i + "}}", "X-Tenant-ID", "acme")
                    .json().path("sequence").asLong()).isEqualTo(i);
        }
        assertThat(b.post("/admin/v0.1/capabilities", capability("ha.durable.echo", "3.1.0")).status()).isEqualTo(201);
        awaitEverywhere("ha.durable.echo");

        for (MigdInstance instance : List.of(a, b, c)) {
            instance.stop();
        }
        List<MigdInstance> restarted = startAll("a", "b", "c");
        a = restarted.get(0);
        b = restarted.get(1);
        c = restarted.get(2);

        for (MigdInstance instance : restarted) {
            assertThat(version(instance, "ha.durable.echo")).as(instance.id() + " after the restart").isEqualTo("3.1.0");
            try (SseClient replay = SseClient.get(instance.uri("/mig/v0.1/subscribe/" + topic + "?resume_cursor=0"),
                    Map.of("X-Tenant-ID", "acme"))) {
                for (int i = 1; i <= 3; i++) {
                    SseClient.Event event = replay.next();
                    assertThat(event.id()).isEqualTo(Integer.toString(i));
                    assertThat(event.json().path("payload").path("i").asInt()).isEqualTo(i);
                }
            }
        }
        assertThat(c.post("/mig/v0.1/publish/" + topic, "{\"payload\":{\"i\":4}}", "X-Tenant-ID", "acme")
                .json().path("sequence").asLong()).as("the sequence continues after the restart").isEqualTo(4);
        MigdServer.Reply cancelled = a.post("/mig/v0.1/invoke/observatory.models.infer",
                "{\"header\":{\"tenant_id\":\"acme\",\"message_id\":\"m-ha-cancel\"},\"payload\":{\"input\":\"x\"}}",
                "X-Tenant-ID", "acme");
        assertThat(cancelled.json().path("error").path("details").path("cancelled").asBoolean())
                .as("a cancellation recorded before the restart still refuses its message id").isTrue();
    }

    private static String capability(String id, String version) {
        return "{\"descriptor\":{\"id\":\"" + id + "\",\"version\":\"" + version + "\",\"modes\":[\"unary\"],"
                + "\"input_schema_uri\":\"schema://ha/in\",\"output_schema_uri\":\"schema://ha/out\"},"
                + "\"provider\":{\"type\":\"test-echo\"}}";
    }

    private static void register(MigdInstance via, String id, String url) {
        MigdServer.Reply reply = via.post("/admin/v0.1/capabilities", "{\"descriptor\":{\"id\":\"" + id
                + "\",\"version\":\"1.0.0\",\"modes\":[\"unary\"],\"input_schema_uri\":\"schema://ha/in\","
                + "\"output_schema_uri\":\"schema://ha/out\"},\"provider\":{\"type\":\"http\",\"url\":\"" + url + "\"}}");
        assertThat(reply.status()).as(reply.body()).isIn(200, 201);
    }

    private static void awaitEverywhere(String id) {
        for (MigdInstance instance : List.of(a, b, c)) {
            Await.until(PROPAGATION, () -> !version(instance, id).isEmpty(), instance.id() + " knows " + id);
        }
    }

    /** The registered version of a capability as this instance lists it, or "" when it has none. */
    private static String version(MigdInstance instance, String id) {
        JsonNode list = instance.get("/admin/v0.1/capabilities").json().path("capabilities");
        return StreamSupport.stream(list.spliterator(), false).filter(c -> c.path("id").asText().equals(id))
                .map(c -> c.path("version").asText()).findFirst().orElse("");
    }

    private static java.util.Optional<JsonNode> quotaOf(MigdInstance instance) {
        JsonNode list = instance.get("/pro/v0.1/quotas").json().path("quotas");
        return StreamSupport.stream(list.spliterator(), false)
                .filter(q -> q.path("tenant_id").asText().equals("ha-quota")).findFirst();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
