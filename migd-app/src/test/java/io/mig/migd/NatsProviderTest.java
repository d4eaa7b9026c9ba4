package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Capabilities served by NATS workers ({@code provider: {"type":"nats",...}}, SPEC §4.6). */
class NatsProviderTest {
    @RegisterExtension
    static final MigdExtension server = MigdExtension.inProcess().withNats().build();
    private static NatsClient workers;

    @BeforeAll
    static void start() {
        workers = NatsClient.connect(server.nats().url());
    }

    @AfterAll
    static void stop() {
        workers.close();
    }

    @Test
    void aWorkerGetsTheEnvelopeAndHeadersAndItsAnswerIsThePayload() throws Exception {
        Map<String, String> seenHeaders = new ConcurrentHashMap<>();
        Dispatcher worker = workers.connection().createDispatcher(msg -> {
            msg.getHeaders().forEach((k, v) -> seenHeaders.put(k, v.get(0)));
            JsonNode envelope = read(msg);
            ObjectNode answer = MigJson.object().put("summary", envelope.path("payload").path("text").asText().toUpperCase())
                    .put("capability", envelope.path("capability").asText());
            workers.connection().publish(msg.getReplyTo(), MigJson.encode(MigJson.object().set("payload", answer)));
        });
        worker.subscribe("workers.summarize", "summarizers");
        workers.connection().flush(java.time.Duration.ofSeconds(5));
        register("acme.tools.summarize", "workers.summarize");

        MigdServer.Reply reply = server.post("/mig/v0.1/invoke/acme.tools.summarize",
                "{\"header\":{\"message_id\":\"msg-nats-provider\"},\"payload\":{\"text\":\"hi\"}}", "X-Tenant-ID", "acme");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("payload").path("summary").asText()).isEqualTo("HI");
        assertThat(reply.json().path("payload").path("capability").asText()).isEqualTo("acme.tools.summarize");
        assertThat(seenHeaders).containsEntry("Mig-Tenant-Id", "acme").containsEntry("Mig-Message-Id", "msg-nats-provider")
                .containsEntry("Mig-Capability", "acme.tools.summarize").containsKey("MIG-Deadline-Ms");
        assertThat(Long.parseLong(seenHeaders.get("MIG-Deadline-Ms"))).isPositive();
        workers.connection().closeDispatcher(worker);
    }

    @Test
    void aWorkerErrorIsPassedThroughAndGarbageIsAnInternalError() throws Exception {
        Dispatcher worker = workers.connection().createDispatcher(msg -> {
            String text = read(msg).path("payload").path("text").asText();
            String answer = text.equals("garbage") ? "not json"
                    : "{\"error\":{\"code\":\"MIG_RATE_LIMITED\",\"message\":\"slow down\",\"retryable\":true}}";
            workers.connection().publish(msg.getReplyTo(), answer.getBytes(StandardCharsets.UTF_8));
        });
        worker.subscribe("workers.grumpy");
        workers.connection().flush(java.time.Duration.ofSeconds(5));
        register("acme.tools.grumpy", "workers.grumpy");

        MigdServer.Reply limited = invoke("acme.tools.grumpy", "{\"payload\":{\"text\":\"x\"}}");
        assertThat(limited.errorCode()).isEqualTo("MIG_RATE_LIMITED");
        MigdServer.Reply garbage = invoke("acme.tools.grumpy", "{\"payload\":{\"text\":\"garbage\"}}");
        assertThat(garbage.errorCode()).isEqualTo("MIG_INTERNAL");
        assertThat(garbage.status()).isEqualTo(502);
        workers.connection().closeDispatcher(worker);
    }

    @Test
    void noRespondersIsUnavailable() {
        register("acme.tools.nobody", "workers.nobody.home");
        MigdServer.Reply reply = invoke("acme.tools.nobody", "{\"payload\":{}}");
        assertThat(reply.errorCode()).isEqualTo("MIG_UNAVAILABLE");
        assertThat(reply.json().path("error").path("details").path("reason").asText()).isEqualTo("no_responders");
    }

    @Test
    void aWorkerThatNeverAnswersEndsInTimeout() throws Exception {
        Dispatcher worker = workers.connection().createDispatcher(msg -> { });
        worker.subscribe("workers.silent");
        workers.connection().flush(java.time.Duration.ofSeconds(5));
        register("acme.tools.silent", "workers.silent");
        long started = System.nanoTime();
        MigdServer.Reply reply = invoke("acme.tools.silent", "{\"header\":{\"deadline_ms\":300},\"payload\":{}}");
        assertThat(reply.errorCode()).isEqualTo("MIG_TIMEOUT");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
        workers.connection().closeDispatcher(worker);
    }

    @Test
    void twoWorkersInAQueueGroupShareTheLoad() throws Exception {
        Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
        List<Dispatcher> group = new java.util.ArrayList<>();
        try (NatsClient second = NatsClient.connect(server.nats().url())) {
            for (NatsClient c : List.of(workers, second)) {
                String name = c == workers ? "first" : "second";
                served.put(name, new AtomicInteger());
                Dispatcher d = c.connection().createDispatcher(msg -> {
                    served.get(name).incrementAndGet();
                    c.connection().publish(msg.getReplyTo(), ("{\"worker\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8));
                });
                d.subscribe("workers.shared", "shared-group");
                c.connection().flush(java.time.Duration.ofSeconds(5));
                group.add(d);
            }
            register("acme.tools.shared", "workers.shared");
            for (int i = 0; i < 40; i++) {
                assertThat(invoke("acme.tools.shared", "{\"payload\":{}}").status()).isEqualTo(200);
            }
            assertThat(served.get("first").get() + served.get("second").get()).isEqualTo(40);
            assertThat(served.get("first").get()).isPositive();
            assertThat(served.get("second").get()).isPositive();
        }
        workers.connection().closeDispatcher(group.get(0));
    }

    @Test
    void aBadSubjectIsRefusedAtRegistration() {
        MigdServer.Reply reply = server.post("/admin/v0.1/capabilities",
                AdminRoutesTest.descriptor("acme.tools.wild", "1.0.0", ",\"provider\":{\"type\":\"nats\",\"subject\":\"workers.*\"}"));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("error").path("details").path("field").asText()).isEqualTo("provider.subject");
    }

    @Test
    void withoutNatsANatsProviderIsRefusedWithTheSettingNamed() {
        try (MigdServer plain = MigdServer.start()) {
            MigdServer.Reply reply = plain.post("/admin/v0.1/capabilities",
                    AdminRoutesTest.descriptor("acme.tools.x", "1.0.0", ",\"provider\":{\"type\":\"nats\",\"subject\":\"w.x\"}"));
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.json().path("error").path("message").asText()).contains("MIGD_NATS_URL");
        }
    }

    @Test
    void aConfigFileCanBindANatsProviderAndWithoutNatsItStopsTheStart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("migd.yaml");
        java.nio.file.Files.writeString(file, """
                capabilities:
                  - descriptor: {id: acme.tools.filed, version: 1.0.0, modes: [unary],
                                 input_schema_uri: "schema://filed/in", output_schema_uri: "schema://filed/out"}
                    provider: {type: nats, subject: workers.filed}
                """);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Migd.create(io.mig.core.spi.Settings.of(
                        Map.of("MIGD_ADDR", "127.0.0.1:0", "MIGD_CONFIG_FILE", file.toString()))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MIGD_NATS_URL");

        // the provider is built before NATS is connected, and serves once it is
        Dispatcher worker = workers.connection().createDispatcher(
                msg -> workers.connection().publish(msg.getReplyTo(), "{\"filed\":true}".getBytes(StandardCharsets.UTF_8)));
        worker.subscribe("workers.filed");
        workers.connection().flush(java.time.Duration.ofSeconds(5));
        try (MigdServer filed = MigdServer.start(Map.of("MIGD_NATS_URL", server.nats().url(), "MIGD_CONFIG_FILE", file.toString()))) {
            MigdServer.Reply reply = filed.post("/mig/v0.1/invoke/acme.tools.filed", "{\"payload\":{}}", "X-Tenant-ID", "acme");
            assertThat(reply.json().path("payload").path("filed").asBoolean()).as(reply.body()).isTrue();
        }
        workers.connection().closeDispatcher(worker);
    }

    @Test
    void stoppingMigdLetsANatsInvocationInFlightReply() throws Exception {
        // a NATS of its own: the shared migd of this class would take half of the requests
        try (NatsServer own = NatsServer.start();
             NatsClient worker = NatsClient.connect(own.url());
             MigdServer draining = MigdServer.start(Map.of("MIGD_NATS_URL", own.url()));
             NatsClient caller = NatsClient.connect(own.url())) {
            Dispatcher slow = worker.connection().createDispatcher(msg -> {
                Thread.sleep(600); // still working when migd is told to stop
                worker.connection().publish(msg.getReplyTo(), "{\"late\":true}".getBytes(StandardCharsets.UTF_8));
            });
            slow.subscribe("workers.slow");
            worker.connection().flush(java.time.Duration.ofSeconds(5));
            draining.post("/admin/v0.1/capabilities",
                    AdminRoutesTest.descriptor("acme.tools.slow", "1.0.0", ",\"provider\":{\"type\":\"nats\",\"subject\":\"workers.slow\"}"));
            java.util.concurrent.CompletableFuture<Message> reply = caller.connection().requestWithTimeout(
                    "mig.v0_1.acme.invoke.acme.tools.slow", null, "{\"payload\":{}}".getBytes(StandardCharsets.UTF_8),
                    java.time.Duration.ofSeconds(10));
            Thread.sleep(200);
            long stopping = System.nanoTime();
            draining.migd().stop(java.time.Duration.ofSeconds(5));
            JsonNode answer = read(reply.get(10, java.util.concurrent.TimeUnit.SECONDS));
            assertThat(answer.path("payload").path("late").asBoolean()).as(answer.toString()).isTrue();
            assertThat((System.nanoTime() - stopping) / 1_000_000).as("stop waited for the reply, not the whole drain")
                    .isLessThan(4_000);
        }
    }

    @Test
    void aCancelOnTheNatsSubjectEndsAWaitingNatsProviderCall() throws Exception {
        Dispatcher worker = workers.connection().createDispatcher(msg -> { }); // never answers
        worker.subscribe("workers.forever");
        workers.connection().flush(java.time.Duration.ofSeconds(5));
        register("acme.tools.forever", "workers.forever");
        var request = java.net.http.HttpRequest.newBuilder(server.uri("/mig/v0.1/invoke/acme.tools.forever"))
                .header("Content-Type", "application/json").header("X-Tenant-ID", "acme")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"header\":{\"message_id\":\"msg-cancel-nats\",\"deadline_ms\":20000},\"payload\":{}}"))
                .build();
        var pending = server.client().sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        long started = System.nanoTime();
        JsonNode ack = null;
        Thread.sleep(300); // a cancel that arrives first is only recorded; let the call reach the worker
        // then ask until the gateway says it cancelled a running call
        while (System.nanoTime() - started < 5_000_000_000L) {
            try (NatsClient canceller = NatsClient.connect(server.nats().url())) {
                ack = canceller.request("mig.v0_1.acme.control.cancel.msg-cancel-nats", "{\"reason\":\"enough\"}").json();
            }
            if ("cancelled".equals(ack.path("status").asText())) {
                break;
            }
            Thread.sleep(50);
        }
        var response = pending.get(10, java.util.concurrent.TimeUnit.SECONDS);
        JsonNode error = MigJson.mapper().readTree(response.body()).path("error");
        // MIG reports a cancelled invocation as MIG_TIMEOUT with details.cancelled (SPEC §1.4)
        assertThat(error.path("code").asText()).as(ack + " / " + response.body()).isEqualTo("MIG_TIMEOUT");
        assertThat(error.path("details").path("cancelled").asBoolean()).isTrue();
        assertThat(error.path("details").path("reason").asText()).isEqualTo("enough");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(10_000);
        workers.connection().closeDispatcher(worker);
    }

    private static void register(String id, String subject) {
        MigdServer.Reply created = server.post("/admin/v0.1/capabilities",
                AdminRoutesTest.descriptor(id, "1.0.0", ",\"provider\":{\"type\":\"nats\",\"subject\":\"" + subject + "\"}"));
        assertThat(created.status()).as(created.body()).isIn(200, 201);
    }

    private static MigdServer.Reply invoke(String id, String body) {
        return server.post("/mig/v0.1/invoke/" + id, body, "X-Tenant-ID", "acme");
    }

    private static JsonNode read(Message msg) {
        return MigJson.mapper().valueToTree(MigJson.readObject(msg.getData()));
    }
}
