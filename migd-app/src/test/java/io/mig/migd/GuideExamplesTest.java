package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.json.MigJson;
import io.mig.core.testing.Await;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs every curl example of the user guide's §7 (core workflows) and §9 (connection viewer) with
 * the real curl binary against a real migd, only host and port changed, and checks the documented
 * response shapes.
 */
class GuideExamplesTest {
    static MigdServer server;

    @BeforeAll
    static void start() {
        server = MigdServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String example(List<String> blocks, String containing) {
        return GuideExamples.example(blocks, containing);
    }

    private static JsonNode run(String example) throws Exception {
        return GuideExamples.run(example, server.baseUrl());
    }

    @Test
    void section7CoreWorkflowsAndSection9ConnectionViewer() throws Exception {
        List<String> core = GuideExamples.curlBlocks(7);
        assertThat(core).as("curl examples in §7").hasSize(6);

        JsonNode hello = run(example(core, "/hello"));
        assertThat(hello.path("selected_version").asText()).isEqualTo("0.1");
        assertThat(hello.path("selected_binding").asText()).isEqualTo("http");
        assertThat(hello.path("header").path("tenant_id").asText()).isEqualTo("acme");
        assertThat(hello.path("server_id").asText()).isNotEmpty();
        assertThat(hello.path("enabled_features")).isNotEmpty();

        JsonNode discover = run(example(core, "/discover"));
        assertThat(discover.path("capabilities").findValuesAsText("id")).contains("observatory.models.infer");

        JsonNode invoke = run(example(core, "/invoke/"));
        assertThat(invoke.path("capability").asText()).isEqualTo("observatory.models.infer");
        assertThat(invoke.path("payload").path("result").asText()).isEqualTo("hello");
        assertThat(invoke.path("header").path("idempotency_key").asText()).isEqualTo("idem-1");
        JsonNode replay = run(example(core, "/invoke/"));
        assertThat(replay.path("header").path("meta").path("idg.idempotent_replay").asBoolean()).isTrue();
        assertThat(replay.path("payload")).isEqualTo(invoke.path("payload"));

        JsonNode cancel = run(example(core, "/cancel/"));
        assertThat(cancel.path("target_message_id").asText()).isEqualTo("msg-123");
        assertThat(cancel.path("accepted").asBoolean()).isTrue();
        assertThat(cancel.path("status").asText()).isEqualTo("recorded");

        // SSE subscriber in the background, then the publisher
        try (GuideExamples.Background subscriber = GuideExamples.background(example(core, "/subscribe/"),
                server.baseUrl(), java.util.Map.of())) {
            awaitConnections(1);
            JsonNode published = run(example(core, "/publish/"));
            assertThat(published.path("accepted").asBoolean()).isTrue();
            assertThat(published.path("sequence").asLong()).isEqualTo(1);
            assertThat(published.path("event_id").asText()).isNotEmpty();

            String data = subscriber.awaitLine(l -> l.startsWith("data:"));
            assertThat(subscriber.lines()).contains("id: 1", "event: mig-event");
            JsonNode event = MigJson.mapper().readTree(data.substring(5).trim());
            assertThat(event.path("payload").path("status").asText()).isEqualTo("ok");
            assertThat(event.path("sequence").asLong()).isEqualTo(1);
            assertThat(event.path("replay").asBoolean()).isFalse();
            assertThat(event.path("topic").asText()).isEqualTo("observatory.inference.completed");

            List<String> viewer = GuideExamples.curlBlocks(9);
            assertThat(viewer).hasSize(1);
            JsonNode connections = run(viewer.get(0));
            assertThat(connections.path("generated_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            assertThat(connections.path("summary").path("total").asInt()).isEqualTo(1);
            assertThat(connections.path("summary").path("by_protocol").path("http").asInt()).isEqualTo(1);
            assertThat(connections.path("summary").path("by_kind").path("sse_subscribe").asInt()).isEqualTo(1);
            assertThat(connections.path("summary").path("by_tenant").path("acme").asInt()).isEqualTo(1);
            assertThat(connections.path("summary").path("nats_binding_active").asBoolean()).isFalse();
            JsonNode connection = connections.path("connections").get(0);
            assertThat(connection.path("id").asText()).startsWith("conn-");
            assertThat(connection.path("actor").asText()).isEqualTo("anonymous");
            assertThat(connection.path("remote_addr").asText()).startsWith("127.0.0.1:");
            assertThat(connection.path("meta").path("topic").asText()).isEqualTo("observatory.inference.completed");
            assertThat(connection.path("meta").path("resume_cursor").asText()).isEmpty();
        }
        awaitConnections(0);
    }

    private static void awaitConnections(int expected) {
        Await.until(Duration.ofSeconds(5), () -> openConnections() == expected,
                () -> expected + " open connections, not " + openConnections());
    }

    private static int openConnections() {
        return server.get("/admin/v0.1/connections").json().path("summary").path("total").asInt();
    }
}
