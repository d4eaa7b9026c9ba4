package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Struct;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import io.mig.binding.grpc.v0_1.InvokeRequest;
import io.mig.binding.grpc.v0_1.InvokeResponse;
import io.mig.binding.grpc.v0_1.MessageHeader;
import io.mig.core.json.MigJson;
import io.mig.migd.provider.HoldingUpstream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The binding ends an invocation when its transport ends (the handle of the {@code Invocation}
 * port): an HTTP caller that hangs up on a unary INVOKE and a gRPC client that cancels its call both
 * abort the provider's upstream exchange, which a real (holding) upstream observes, and the audit
 * records the cancelled outcome. The message id every binding echoes is the one the core minted.
 */
class InvocationTransportEndTest {
    private static MigdServer migd;
    private static GrpcClient grpc;

    @BeforeAll
    static void start() {
        migd = MigdServer.start(Map.of("MIGD_LOG_LEVEL", "warn", "MIGD_GRPC_ADDR", "127.0.0.1:0"));
        grpc = new GrpcClient(migd, "acme", null);
    }

    @AfterAll
    static void stop() {
        grpc.close();
        migd.close();
    }

    @Test
    void aUnaryHttpCallerThatHangsUpAbortsTheProviderCall() throws Exception {
        try (HoldingUpstream upstream = new HoldingUpstream()) {
            bind("acme.gone.http", upstream.url());
            String body = "{\"header\":{\"tenant_id\":\"acme\",\"message_id\":\"m-gone-http\",\"deadline_ms\":60000},\"payload\":{}}";
            try (Socket socket = new Socket("127.0.0.1", migd.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /mig/v0.1/invoke/acme.gone.http HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                        + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
                out.flush();
                assertThat(upstream.awaitRequests(1, 5_000)).as("the call reached the provider").isTrue();
            } // the caller hangs up without waiting for its answer

            assertThat(upstream.awaitClosed(1, 5_000))
                    .as("the provider saw its connection closed long before the 60 s deadline").isTrue();
            JsonNode record = auditRecord("m-gone-http");
            assertThat(record.path("outcome").asText()).isEqualTo("failure");
            assertThat(record.path("code").asText()).isEqualTo("MIG_TIMEOUT");
            awaitNothingInFlight();
        }
    }

    @Test
    void aKeptAliveHttpConnectionStillServesTheNextRequestAfterAnAnswer() throws Exception {
        // the hang-up watch is withdrawn before the answer: the connection then reads its next request
        String body = "{\"header\":{\"tenant_id\":\"acme\"},\"payload\":{\"input\":\"hi\"}}";
        String request = "POST /mig/v0.1/invoke/observatory.models.infer HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        try (Socket socket = new Socket("127.0.0.1", migd.port())) {
            socket.setSoTimeout(5_000);
            for (int i = 0; i < 3; i++) {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                assertThat(RawHttp.readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200").contains("\"result\":\"hi\"");
            }
        }
    }

    @Test
    void aCallerWaitingQuietlyLongerThanTheIdleTimeoutIsNotTakenForGone() throws Exception {
        try (HoldingUpstream upstream = new HoldingUpstream();
             MigdServer quick = MigdServer.start(Map.of("MIGD_LOG_LEVEL", "warn",
                     "MIGD_HTTP_IDLE_TIMEOUT_MS", "1000", "MIGD_SSE_KEEPALIVE_MS", "500"))) {
            MigdServer.Reply bound = quick.post("/admin/v0.1/capabilities", descriptor("acme.quiet", upstream.url()));
            assertThat(bound.status()).as(bound.body()).isIn(200, 201);
            String body = "{\"header\":{\"deadline_ms\":20000},\"payload\":{}}";
            // one caller through the JDK client (its h2c upgrade offer is Jetty's to answer), one on a
            // plain keep-alive connection (answered by the listener's own connection)
            java.util.concurrent.CompletableFuture<MigdServer.Reply> call = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> quick.post("/mig/v0.1/invoke/acme.quiet", body, "X-Tenant-ID", "acme"));
            try (Socket plain = new Socket("127.0.0.1", quick.port())) {
                plain.setSoTimeout(10_000);
                plain.getOutputStream().write(("POST /mig/v0.1/invoke/acme.quiet HTTP/1.1\r\nHost: localhost\r\nX-Tenant-ID: acme\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                        .getBytes(StandardCharsets.UTF_8));
                plain.getOutputStream().flush();
                assertThat(upstream.awaitRequests(2, 5_000)).isTrue();
                Thread.sleep(2_500); // two idle timeouts of the callers' connections pass without traffic

                upstream.releaseAll();

                MigdServer.Reply reply = call.get(10, TimeUnit.SECONDS);
                assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                assertThat(reply.json().path("payload").path("released").asBoolean()).isTrue();
                assertThat(RawHttp.readResponse(plain.getInputStream())).startsWith("HTTP/1.1 200 ").contains("\"released\":true");
            }
        }
    }

    @Test
    void aGrpcClientThatCancelsAbortsTheProviderCall() throws Exception {
        try (HoldingUpstream upstream = new HoldingUpstream()) {
            bind("acme.gone.grpc", upstream.url());
            Context.CancellableContext context = Context.current().withCancellation();
            InvokeRequest request = InvokeRequest.newBuilder()
                    .setHeader(MessageHeader.newBuilder().setTenantId("acme").setMessageId("m-gone-grpc").setDeadlineMs(60_000))
                    .setCapability("acme.gone.grpc").setPayload(Struct.getDefaultInstance()).build();
            context.run(() -> grpc.invocationAsync().invoke(request, new StreamObserver<InvokeResponse>() {
                @Override
                public void onNext(InvokeResponse value) {
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                }
            }));
            assertThat(upstream.awaitRequests(1, 5_000)).as("the call reached the provider").isTrue();

            context.cancel(null);

            assertThat(upstream.awaitClosed(1, 5_000)).as("the provider saw its connection closed").isTrue();
            JsonNode record = auditRecord("m-gone-grpc");
            assertThat(record.path("code").asText()).isEqualTo("MIG_TIMEOUT");
            assertThat(record.path("binding").asText()).isEqualTo("grpc");
            awaitNothingInFlight();
        }
    }

    @Test
    void anHttpErrorEchoesTheMessageIdTheCoreMintedAndAudited() throws Exception {
        MigdServer.Reply reply = migd.post("/mig/v0.1/invoke/acme.ids.missing", "{\"payload\":{}}", "X-Tenant-ID", "ids-http");

        assertThat(reply.errorCode()).isEqualTo("MIG_UNSUPPORTED_CAPABILITY");
        String echoed = reply.json().path("header").path("message_id").asText();
        assertThat(echoed).startsWith("msg-");
        assertThat(auditRecords("ids-http").get(0).path("message_id").asText())
                .as("the error envelope and the audit record name one id").isEqualTo(echoed);
    }

    @Test
    void aGrpcAnswerEchoesTheMessageIdTheCoreMintedAndAudited() throws Exception {
        GrpcClient client = new GrpcClient(migd, "ids-grpc", null);
        try (client) {
            InvokeResponse response = client.invocation().invoke(InvokeRequest.newBuilder()
                    .setCapability("observatory.models.infer")
                    .setPayload(Struct.newBuilder().putFields("input",
                            com.google.protobuf.Value.newBuilder().setStringValue("hi").build())).build());
            String echoed = response.getHeader().getMessageId();
            assertThat(echoed).startsWith("msg-");
            assertThat(auditRecords("ids-grpc").get(0).path("message_id").asText()).isEqualTo(echoed);
        }
    }

    @Test
    void aStreamsFramesAllCarryTheMintedIdAndItsDefaultStreamId() throws Exception {
        MigdServer.Reply reply = migd.send(java.net.http.HttpRequest.newBuilder(migd.uri("/mig/v0.1/invoke/observatory.models.infer"))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .header("X-Tenant-ID", "ids-sse")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"payload\":{\"input\":\"a b\"}}")));

        assertThat(reply.status()).isEqualTo(200);
        String id = auditRecords("ids-sse").get(0).path("message_id").asText();
        assertThat(id).startsWith("msg-");
        int frames = 0;
        for (String line : reply.body().split("\n")) {
            if (line.startsWith("data: ")) {
                JsonNode frame = MigJson.mapper().readTree(line.substring(6));
                assertThat(frame.path("header").path("message_id").asText()).isEqualTo(id);
                assertThat(frame.path("stream_id").asText()).isEqualTo("stream-" + id);
                frames++;
            }
        }
        assertThat(frames).as("two tokens and the terminal frame").isEqualTo(3);
    }

    private static void bind(String id, String url) {
        MigdServer.Reply reply = migd.post("/admin/v0.1/capabilities", descriptor(id, url));
        assertThat(reply.status()).as(reply.body()).isIn(200, 201);
    }

    private static String descriptor(String id, String url) {
        return "{\"descriptor\":{\"id\":\"" + id + "\",\"version\":\"1.0.0\",\"modes\":[\"unary\"],"
                + "\"input_schema_uri\":\"schema://none\",\"output_schema_uri\":\"schema://none\"},"
                + "\"provider\":{\"type\":\"http\",\"url\":\"" + url + "\"}}";
    }

    /** The audit record of one invocation, waiting briefly for it (a cancelled call is recorded as it ends). */
    private static JsonNode auditRecord(String messageId) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            for (JsonNode record : auditRecords("acme")) {
                if (messageId.equals(record.path("message_id").asText())) {
                    return record;
                }
            }
            assertThat(System.nanoTime()).as("an audit record for " + messageId).isLessThan(until);
            Thread.sleep(20);
        }
    }

    private static java.util.List<JsonNode> auditRecords(String tenant) {
        java.util.List<JsonNode> records = new java.util.ArrayList<>();
        migd.get("/pro/v0.1/audit/export?tenant_id=" + tenant).json().path("records").forEach(records::add);
        return records;
    }

    private static void awaitNothingInFlight() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (migd.migd().gateway().inFlight() > 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(migd.migd().gateway().inFlight()).as("every call was freed").isZero();
    }
}
