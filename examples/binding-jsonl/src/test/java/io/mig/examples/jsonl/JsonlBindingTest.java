package io.mig.examples.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.binding.http.HttpBinding;
import io.mig.core.json.MigJson;
import io.mig.core.model.Binding;
import io.mig.core.spi.MigBinding;
import io.mig.core.spi.Settings;
import io.mig.migd.Migd;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON-lines binding against a real migd: found by {@code ServiceLoader} on migd's class path,
 * started beside HTTP by {@code MIGD_JSONL_ADDR}, spoken to over a real TCP socket.
 */
class JsonlBindingTest {
    private static final String DEMO = "observatory.models.infer";
    @TempDir
    static Path dir;
    private static Path auditLog;
    private static Migd migd;
    private static JsonlClient client;

    @BeforeAll
    static void start() throws Exception {
        auditLog = dir.resolve("audit.jsonl");
        migd = Migd.create(Settings.of(Map.of("MIGD_ADDR", "127.0.0.1:0", "MIGD_JSONL_ADDR", "127.0.0.1:0",
                "MIGD_AUDIT_LOG_PATH", auditLog.toString())));
        migd.start();
        client = new JsonlClient(port(migd));
    }

    @AfterAll
    static void stop() {
        client.close();
        migd.stop(Duration.ofSeconds(2));
    }

    static int port(Migd migd) {
        return migd.binding(JsonlBinding.class).orElseThrow().port();
    }

    private static ObjectNode invokeBody(String capability, String input) {
        ObjectNode body = MigJson.object().put("capability", capability);
        body.putObject("payload").put("input", input);
        return body;
    }

    @Test
    void theBindingIsFoundOnTheClassPathAndAnnouncesItsOwnName() {
        assertThat(migd.bindings()).extracting(MigBinding::name).contains("http", "jsonl");
        assertThat(migd.gateway().enabledBindings()).contains(Binding.of("jsonl"));
        assertThat(migd.summary()).contains("jsonl tcp://127.0.0.1:");
    }

    @Test
    void helloSelectsJsonlWhenAskedForAndDiscoverListsTheDemo() {
        ObjectNode hello = MigJson.object();
        hello.putArray("requested_bindings").add("tcp").add("JSONL").add("http");
        JsonNode answer = client.call("hello", "acme", hello);
        assertThat(answer.path("error").isMissingNode()).as(answer.toString()).isTrue();
        assertThat(answer.path("body").path("selected_binding").asText()).isEqualTo("jsonl");
        assertThat(answer.path("body").path("header").path("tenant_id").asText()).isEqualTo("acme");

        JsonNode discovered = client.call("discover", "acme", MigJson.object());
        assertThat(discovered.path("body").path("capabilities").findValuesAsText("id")).contains(DEMO);
    }

    @Test
    void aUnaryInvokeIsAuditedAndCountedUnderJsonl() throws Exception {
        JsonNode answer = client.call("invoke", "acme", invokeBody(DEMO, "over tcp"));
        assertThat(answer.path("body").path("payload").path("result").asText()).as(answer.toString()).isEqualTo("over tcp");
        String messageId = answer.path("body").path("header").path("message_id").asText();
        assertThat(messageId).isNotEmpty();

        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(auditLog)) {
            records.add(MigJson.mapper().readTree(line));
        }
        assertThat(records).filteredOn(r -> messageId.equals(r.path("message_id").asText()))
                .singleElement().satisfies(r -> assertThat(r.path("binding").asText()).isEqualTo("jsonl"));

        int http = migd.binding(HttpBinding.class).orElseThrow().port();
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics.lines().filter(l -> l.startsWith("mig_gateway_invocations_total{"))
                .filter(l -> l.contains("capability=\"" + DEMO + "\"") && l.contains("binding=\"jsonl\"")))
                .isNotEmpty();
    }

    @Test
    void aStreamedInvokeAnswersWithOneLinePerFrameEndingTheStream() {
        ObjectNode line = MigJson.object().put("id", "s1").put("op", "invoke").put("tenant", "acme").put("stream", true);
        line.set("body", invokeBody(DEMO, "one two three"));
        client.sendLine(line, "s1");
        List<JsonNode> frames = new ArrayList<>();
        JsonNode frame;
        do {
            frame = client.next("s1").path("frame");
            assertThat(frame.isObject()).as(frame.toString()).isTrue();
            frames.add(frame);
        } while (!frame.path("end_stream").asBoolean(false));
        assertThat(frames).extracting(f -> f.path("payload").path("token").asText(null)).containsSubsequence("one", "two", "three");
        assertThat(frames.get(frames.size() - 1).path("kind").asText()).isNotEqualTo("error");
    }

    @Test
    void errorsAreMigEnvelopesEchoingTheRequestHeader() {
        ObjectNode unknown = invokeBody("nope.nothing", "x");
        unknown.putObject("header").put("message_id", "m-echo-1").put("tenant_id", "acme");
        JsonNode answer = client.call("invoke", "acme", unknown);
        assertThat(answer.path("error").path("error").path("code").asText()).isEqualTo("MIG_UNSUPPORTED_CAPABILITY");
        assertThat(answer.path("error").path("header").path("message_id").asText()).isEqualTo("m-echo-1");
        assertThat(answer.path("op").asText()).isEqualTo("invoke");

        JsonNode noTenant = client.call("hello", null, MigJson.object());
        assertThat(noTenant.path("error").path("error").path("code").asText()).isEqualTo("MIG_INVALID_REQUEST");
        assertThat(noTenant.path("error").path("error").path("message").asText()).contains("tenant_id is required");

        assertThat(client.call("teleport", "acme", MigJson.object()).path("error").path("error").path("code").asText())
                .isEqualTo("MIG_NOT_FOUND");

        client.raw("{not json");
        JsonNode bad = client.next(null);
        assertThat(bad.path("error").path("error").path("code").asText()).isEqualTo("MIG_INVALID_REQUEST");
        // the connection survives a bad line
        assertThat(client.call("heartbeat", "acme", MigJson.object()).path("body").path("suggested_interval_ms").asLong())
                .isPositive();
    }

    @Test
    void aSubscriberSeesWhatIsPublishedAndIsListedAsAConnectionUntilItUnsubscribes() {
        String topic = "jsonl.test.events";
        String sub = client.send("subscribe", "acme", MigJson.object().put("topic", topic));
        assertThat(client.next(sub).path("subscribed").asBoolean()).isTrue();
        assertThat(migd.gateway().connections().list()).anySatisfy(c -> {
            assertThat(c.protocol()).isEqualTo("jsonl");
            assertThat(c.kind()).isEqualTo("subscribe");
            assertThat(c.tenantId()).isEqualTo("acme");
        });

        ObjectNode publish = MigJson.object().put("topic", topic);
        publish.putObject("payload").put("n", 1);
        assertThat(client.call("publish", "acme", publish).path("body").path("accepted").asBoolean()).isTrue();
        JsonNode event = client.next(sub).path("event");
        assertThat(event.path("topic").asText()).isEqualTo(topic);
        assertThat(event.path("payload").path("n").asInt()).isEqualTo(1);

        JsonNode done = client.call("unsubscribe", "acme", MigJson.object().put("target", sub));
        assertThat(done.path("unsubscribed").asText()).isEqualTo(sub);
        assertThat(migd.gateway().connections().list()).noneSatisfy(c -> assertThat(c.protocol()).isEqualTo("jsonl"));
    }

    @Test
    void migdServesOverJsonlAloneWithHttpOff() {
        Migd alone = Migd.create(Settings.of(Map.of("MIGD_BINDINGS", "jsonl", "MIGD_JSONL_ADDR", "127.0.0.1:0")));
        try {
            alone.start();
            assertThat(alone.bindings()).extracting(MigBinding::name).containsExactly("jsonl");
            assertThat(alone.summary()).contains("http=off");
            try (JsonlClient only = new JsonlClient(port(alone))) {
                ObjectNode hello = MigJson.object();
                hello.putArray("requested_bindings").add("http").add("jsonl");
                assertThat(only.call("hello", "acme", hello).path("body").path("selected_binding").asText())
                        .isEqualTo("jsonl");
                assertThat(only.call("invoke", "acme", invokeBody(DEMO, "alone")).path("body").path("payload")
                        .path("result").asText()).isEqualTo("alone");
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            alone.stop(Duration.ofSeconds(1));
        }
    }
}
