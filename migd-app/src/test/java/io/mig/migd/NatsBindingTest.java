package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.json.MigJson;
import io.mig.core.spi.Settings;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The request/reply binding and event mirroring against a real nats-server (guide §13, SPEC §7). */
class NatsBindingTest {
    @RegisterExtension
    static final MigdExtension server = MigdExtension.inProcess().withNats().build();
    private static NatsClient client;

    @BeforeAll
    static void start() {
        client = NatsClient.connect(server.nats().url());
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    @Test
    void helloAndDiscoverAnswerEnvelopesWithTheHeaderAsNatsHeaders() {
        NatsClient.Reply hello = client.request("mig.v0_1.acme.hello", "{\"header\":{\"traceparent\":"
                + "\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\"}}");
        assertThat(hello.json().path("selected_binding").asText()).isEqualTo("nats");
        assertThat(hello.json().path("header").path("tenant_id").asText()).isEqualTo("acme");
        assertThat(hello.header("Mig-Tenant-Id")).isEqualTo("acme");
        assertThat(hello.header("Mig-Version")).isEqualTo("0.1");
        assertThat(hello.header("Mig-Message-Id")).isEqualTo(hello.json().path("header").path("message_id").asText());
        assertThat(hello.header("traceparent")).startsWith("00-0af7651916cd43dd8448eb211c80319c-");

        NatsClient.Reply discover = client.request("mig.v0_1.acme.discover", "");
        assertThat(discover.json().path("capabilities").findValuesAsText("id")).contains("observatory.models.infer");
    }

    @Test
    void headerFieldsMissingFromTheBodyAreReadFromNatsHeaders() {
        NatsClient.Reply hello = client.request("mig.v0_1.acme.hello", "{}", "Mig-Message-Id", "msg-nats-1",
                "Mig-Session-Id", "sess-nats-1");
        assertThat(hello.json().path("header").path("message_id").asText()).isEqualTo("msg-nats-1");
        assertThat(hello.header("Mig-Session-Id")).isEqualTo("sess-nats-1");
        // the body wins over a NATS header
        NatsClient.Reply both = client.request("mig.v0_1.acme.hello", "{\"header\":{\"message_id\":\"msg-body\"}}",
                "Mig-Message-Id", "msg-header");
        assertThat(both.json().path("header").path("message_id").asText()).isEqualTo("msg-body");
    }

    @Test
    void invokeCancelAndHeartbeatWork() {
        NatsClient.Reply invoked = client.request("mig.v0_1.acme.invoke.observatory.models.infer",
                "{\"payload\":{\"input\":\"hello nats\"}}");
        assertThat(invoked.json().path("capability").asText()).isEqualTo("observatory.models.infer");
        assertThat(invoked.json().path("payload").path("result").asText()).isEqualTo("hello nats");

        NatsClient.Reply cancel = client.request("mig.v0_1.acme.control.cancel.msg-not-running", "{\"reason\":\"test\"}");
        assertThat(cancel.json().path("target_message_id").asText()).isEqualTo("msg-not-running");
        assertThat(cancel.json().has("accepted")).isTrue();

        NatsClient.Reply beat = client.request("mig.v0_1.acme.control.heartbeat", "{\"interval_ms\":5000}");
        assertThat(beat.json().path("suggested_interval_ms").asLong()).isPositive();
        assertThat(beat.header("Mig-Tenant-Id")).isEqualTo("acme");
    }

    @Test
    void invokeErrorsAreErrorEnvelopes() {
        NatsClient.Reply invalid = client.request("mig.v0_1.acme.invoke.observatory.models.infer",
                "{\"header\":{\"message_id\":\"msg-bad-payload\"},\"payload\":{\"input\":42}}");
        assertThat(invalid.errorCode()).isEqualTo("MIG_INVALID_REQUEST");
        assertThat(invalid.json().path("header").path("message_id").asText()).isEqualTo("msg-bad-payload");
        assertThat(invalid.header("Mig-Message-Id")).isEqualTo("msg-bad-payload");
        assertThat(client.request("mig.v0_1.acme.invoke.acme.tools.missing", "{\"payload\":{}}").errorCode())
                .isEqualTo("MIG_UNSUPPORTED_CAPABILITY");
    }

    @Test
    void aBodyTenantThatDiffersFromTheSubjectIsForbidden() {
        NatsClient.Reply reply = client.request("mig.v0_1.acme.hello", "{\"header\":{\"tenant_id\":\"globex\"}}");
        assertThat(reply.errorCode()).isEqualTo("MIG_FORBIDDEN");
        assertThat(client.request("mig.v0_1.acme.hello", "{}", "Mig-Tenant-Id", "globex").errorCode())
                .isEqualTo("MIG_FORBIDDEN");
        // counted like errors answered on HTTP
        assertThat(server.get("/metrics").body())
                .containsPattern("mig_gateway_errors_total\\{code=\"MIG_FORBIDDEN\",operation=\"hello\"} [1-9]");
    }

    @Test
    void nonsenseSubjectsAndBodiesAreErrorRepliesAndTheBindingKeepsServing() {
        assertThat(client.request("mig.v0_1.acme.nonsense", "{}").errorCode()).isEqualTo("MIG_NOT_FOUND");
        assertThat(client.request("mig.v0_1.acme.control.reboot", "{}").errorCode()).isEqualTo("MIG_NOT_FOUND");
        assertThat(client.request("mig.v0_1.bad!tenant.hello", "{}").errorCode()).isEqualTo("MIG_INVALID_REQUEST");
        assertThat(client.request("mig.v0_1.acme.invoke.nodots", "{}").errorCode()).isNotNull();
        assertThat(client.request("mig.v0_1.acme.events.bad!topic", "{\"payload\":{}}").errorCode()).isNotNull();
        assertThat(client.request("mig.v0_1.acme.hello", "{not json").errorCode()).isEqualTo("MIG_INVALID_REQUEST");
        assertThat(client.request("mig.v0_1.acme.hello", "[1,2]").errorCode()).isEqualTo("MIG_INVALID_REQUEST");
        assertThat(client.request("mig.v0_1.acme.hello", "{\"header\":\"x\"}").errorCode()).isEqualTo("MIG_INVALID_REQUEST");
        assertThat(client.request("mig.v0_1.acme.hello", "{}").json().path("selected_binding").asText()).isEqualTo("nats");
    }

    @Test
    void httpPublishesAreMirroredWithTheMirrorHeader() throws Exception {
        Subscription mirror = client.connection().subscribe("mig.v0_1.acme.events.>");
        client.connection().flush(Duration.ofSeconds(5));
        MigdServer.Reply ack = server.post("/mig/v0.1/publish/acme.mirror.http", "{\"payload\":{\"n\":1}}",
                "X-Tenant-ID", "acme");
        assertThat(ack.status()).isEqualTo(200);
        Message seen = mirror.nextMessage(Duration.ofSeconds(5));
        assertThat(seen).isNotNull();
        assertThat(seen.getSubject()).isEqualTo("mig.v0_1.acme.events.acme.mirror.http");
        assertThat(seen.getHeaders().getFirst("Mig-Mirror")).isEqualTo("true");
        JsonNode event = MigJson.mapper().readTree(seen.getData());
        assertThat(event.path("event_id").asText()).isEqualTo(ack.json().path("event_id").asText());
        assertThat(event.path("payload").path("n").asInt()).isEqualTo(1);
        mirror.unsubscribe();
    }

    @Test
    void aNatsPublishIsStoredOnceAndItsMirrorIsNotIngestedAgain() throws Exception {
        Subscription mirror = client.connection().subscribe("mig.v0_1.acme.events.acme.loop.check");
        client.connection().flush(Duration.ofSeconds(5));
        NatsClient.Reply ack = client.request("mig.v0_1.acme.events.acme.loop.check", "{\"payload\":{\"n\":1}}");
        long first = ack.json().path("sequence").asLong();
        assertThat(ack.json().path("accepted").asBoolean()).isTrue();

        // the subscriber sees the request and then exactly one mirror of it
        int mirrors = 0;
        for (Message m = mirror.nextMessage(Duration.ofSeconds(2)); m != null; m = mirror.nextMessage(Duration.ofMillis(500))) {
            if (m.hasHeaders() && "true".equals(m.getHeaders().getFirst("Mig-Mirror"))) {
                mirrors++;
            }
        }
        assertThat(mirrors).isEqualTo(1);
        // a re-ingested mirror would have taken a sequence number in between
        NatsClient.Reply next = client.request("mig.v0_1.acme.events.acme.loop.check", "{\"payload\":{\"n\":2}}");
        assertThat(next.json().path("sequence").asLong()).isEqualTo(first + 1);
        mirror.unsubscribe();
    }

    @Test
    void theConnectionViewSaysTheNatsBindingIsActive() {
        assertThat(server.get("/admin/v0.1/connections").json().path("summary").path("nats_binding_active").asBoolean())
                .isTrue();
    }

    @Test
    void withTheBindingOffMirroringStillWorksAndNothingAnswersRequests() throws Exception {
        try (MigdServer quiet = MigdServer.start(Map.of("MIGD_NATS_URL", server.nats().url(), "MIGD_ENABLE_NATS_BINDING", "false"));
             NatsClient other = NatsClient.connect(server.nats().url())) {
            assertThat(quiet.get("/admin/v0.1/connections").json().path("summary").path("nats_binding_active").asBoolean())
                    .isFalse();
            Subscription mirror = other.connection().subscribe("mig.v0_1.globex.events.>");
            other.connection().flush(Duration.ofSeconds(5));
            quiet.post("/mig/v0.1/publish/globex.quiet", "{\"payload\":{}}", "X-Tenant-ID", "globex");
            Message seen = mirror.nextMessage(Duration.ofSeconds(5));
            assertThat(seen).isNotNull();
            assertThat(seen.getHeaders().getFirst("Mig-Mirror")).isEqualTo("true");
        }
    }

    @Test
    void anUnreachableNatsFailsTheStartWithAClearMessage() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Migd migd = Migd.create(Settings.of(Map.of("MIGD_ADDR", "127.0.0.1:0",
                "MIGD_NATS_URL", "nats://127.0.0.1:" + closed)));
        assertThatThrownBy(migd::start).hasMessageContaining("MIGD_NATS_URL").hasMessageContaining(":" + closed);
        migd.stop(Duration.ZERO);
    }

    @Test
    void aMalformedNatsUrlIsAConfigError() {
        assertThatThrownBy(() -> Migd.create(Settings.of(Map.of("MIGD_ADDR", "127.0.0.1:0", "MIGD_NATS_URL", "localhost"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MIGD_NATS_URL");
    }
}
