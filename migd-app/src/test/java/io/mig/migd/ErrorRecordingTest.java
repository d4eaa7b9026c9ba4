package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.mig.binding.grpc.v0_1.FrameKind;
import io.mig.binding.grpc.v0_1.InvokeRequest;
import io.mig.binding.grpc.v0_1.MigErrorCode;
import io.mig.binding.grpc.v0_1.StreamFrame;
import io.mig.core.json.MigJson;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #8 item 3: an error answered on any binding — an HTTP reply, a WebSocket error frame, a
 * gRPC status and a gRPC StreamInvoke error frame, a NATS reply — is counted in
 * {@code mig_gateway_errors_total{code, operation}} with the same labels, and an INVOKE the binding
 * refused before the core saw it is audited like one the pipeline refused (SPEC §8.1, §8.3).
 */
class ErrorRecordingTest {
    private static final String HELD = "tests.errors.held";
    private static final String DEMO = "observatory.models.infer";
    @TempDir
    static Path dir;
    private static Path audit;
    private static NatsServer nats;
    private static MigdServer server;
    private static CountingProvider held;
    private static GrpcClient grpc;
    private static NatsClient natsClient;

    @BeforeAll
    static void start() {
        audit = dir.resolve("audit.jsonl");
        nats = NatsServer.start();
        server = MigdServer.start(Map.of("MIGD_GRPC_ADDR", "127.0.0.1:0", "MIGD_NATS_URL", nats.url(),
                "MIGD_AUDIT_LOG_PATH", audit.toString()));
        held = new CountingProvider();
        server.migd().gateway().register(CountingProvider.descriptor(HELD), held);
        grpc = new GrpcClient(server, "acme", null);
        natsClient = NatsClient.connect(nats.url());
    }

    @AfterAll
    static void stop() {
        held.release();
        natsClient.close();
        grpc.close();
        server.close();
        nats.close();
    }

    @Test
    void anHttpInvokeWhoseBodyIsNotJsonIsCountedAndAudited() throws Exception {
        double before = errors("MIG_INVALID_REQUEST", "invoke");
        MigdServer.Reply reply = server.post("/mig/v0.1/invoke/" + DEMO, "not json", "X-Tenant-ID", "acme");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("MIG_INVALID_REQUEST");
        assertCounted("MIG_INVALID_REQUEST", "invoke", before + 1);
        assertRefusalAudited(DEMO, "MIG_INVALID_REQUEST", "http");
    }

    @Test
    void aWebSocketRequestFrameForAStreamIdAlreadyRunningIsCountedAndAudited() throws Exception {
        try (WsClient socket = WsClient.connect(URI.create(server.baseUrl().replace("http", "ws")
                + "/mig/v0.1/stream?tenant_id=acme"))) {
            socket.send(heldFrame("ws-1"));
            awaitInFlight(1);
            double before = errors("MIG_INVALID_REQUEST", "stream");
            socket.send(heldFrame("ws-1"));
            JsonNode error = socket.next();
            assertThat(error.path("kind").asText()).isEqualTo("error");
            assertThat(error.path("stream_id").asText()).isEqualTo("ws-1");
            assertThat(error.path("error").path("code").asText()).isEqualTo("MIG_INVALID_REQUEST");
            assertCounted("MIG_INVALID_REQUEST", "stream", before + 1);
            assertRefusalAudited(HELD, "MIG_INVALID_REQUEST", "http");
        } finally {
            held.release();
            awaitInFlight(0);
        }
    }

    @Test
    void aGrpcUnaryErrorIsCountedAndAudited() throws Exception {
        double before = errors("MIG_UNSUPPORTED_CAPABILITY", "invoke");
        StatusRuntimeException e = catchThrowableOfType(() -> grpc.invocation().invoke(
                InvokeRequest.newBuilder().setCapability("acme.tools.none").build()), StatusRuntimeException.class);
        assertThat(GrpcClient.migErrorBin(e).getCode()).isEqualTo(MigErrorCode.MIG_UNSUPPORTED_CAPABILITY);
        assertCounted("MIG_UNSUPPORTED_CAPABILITY", "invoke", before + 1);
        assertRefusalAudited("acme.tools.none", "MIG_UNSUPPORTED_CAPABILITY", "grpc");
    }

    @Test
    void aGrpcRequestFrameForAStreamIdAlreadyRunningIsCountedAndAudited() throws Exception {
        GrpcFrames<StreamFrame> frames = new GrpcFrames<>();
        StreamObserver<StreamFrame> send = grpc.invocationAsync().streamInvoke(frames);
        try {
            send.onNext(heldProtoFrame("grpc-1"));
            awaitInFlight(1);
            double before = errors("MIG_INVALID_REQUEST", "stream");
            send.onNext(heldProtoFrame("grpc-1"));
            StreamFrame error = frames.next();
            assertThat(error.getKind()).isEqualTo(FrameKind.FRAME_KIND_ERROR);
            assertThat(error.getStreamId()).isEqualTo("grpc-1");
            assertThat(error.getError().getCode()).isEqualTo(MigErrorCode.MIG_INVALID_REQUEST);
            assertCounted("MIG_INVALID_REQUEST", "stream", before + 1);
            assertRefusalAudited(HELD, "MIG_INVALID_REQUEST", "grpc");
        } finally {
            held.release();
            send.onCompleted();
            awaitInFlight(0);
        }
    }

    @Test
    void aNatsInvokeWhoseBodyIsNotJsonIsCountedAndAudited() throws Exception {
        double before = errors("MIG_INVALID_REQUEST", "invoke");
        NatsClient.Reply reply = natsClient.request("mig.v0_1.acme.invoke." + DEMO, "{not json");
        assertThat(reply.errorCode()).isEqualTo("MIG_INVALID_REQUEST");
        assertCounted("MIG_INVALID_REQUEST", "invoke", before + 1);
        assertRefusalAudited(DEMO, "MIG_INVALID_REQUEST", "nats");
    }

    @Test
    void anMcpToolCallThatFailsIsCountedAsAnInvokeError() throws Exception {
        double before = errors("MIG_INVALID_REQUEST", "invoke");
        String call = McpWire.modern(7, "tools/call", "\"name\":\"models.infer\",\"arguments\":{\"input\":5}");
        MigdServer.Reply reply = server.post("/mcp/observatory", call, McpWire.modernHeaders("tools/call", "models.infer"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).as("a tool result with isError (SPEC §12)").contains("\"isError\":true").contains("MIG_INVALID_REQUEST");
        assertCounted("MIG_INVALID_REQUEST", "invoke", before + 1);
    }

    private static String heldFrame(String streamId) {
        return MigJson.object().put("kind", "request").put("capability", HELD).put("stream_id", streamId)
                .set("payload", MigJson.object().put("hold", true)).toString();
    }

    private static StreamFrame heldProtoFrame(String streamId) {
        return StreamFrame.newBuilder().setKind(FrameKind.FRAME_KIND_REQUEST).setStreamId(streamId).setCapability(HELD)
                .setPayload(Struct.newBuilder().putFields("hold", Value.newBuilder().setBoolValue(true).build())).build();
    }

    /** {@code mig_gateway_errors_total} for these labels as {@code /metrics} shows it now (0 before the first). */
    private static double errors(String code, String operation) {
        PrometheusText metrics = PrometheusText.parse(server.get("/metrics").body());
        Map<String, String> labels = Map.of("code", code, "operation", operation);
        return metrics.has("mig_gateway_errors_total", labels) ? metrics.value("mig_gateway_errors_total", labels) : 0;
    }

    /**
     * The count reaches {@code expected} and stays there. HTTP counts an answer when its request
     * completes, which may be just after the client has read it: the count is awaited briefly.
     */
    private static void assertCounted(String code, String operation, double expected) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (errors(code, operation) < expected && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(errors(code, operation)).as("mig_gateway_errors_total{code=%s,operation=%s}", code, operation)
                .isEqualTo(expected);
    }

    /** The last audit record is the refusal: flushed before the answer was sent (SPEC §8.3). */
    private static void assertRefusalAudited(String capability, String code, String binding) throws Exception {
        List<String> lines = Files.readAllLines(audit);
        assertThat(lines).isNotEmpty();
        JsonNode record = MigJson.mapper().readTree(lines.get(lines.size() - 1));
        assertThat(record.path("outcome").asText()).as(record.toString()).isEqualTo("failure");
        assertThat(record.path("code").asText()).as(record.toString()).isEqualTo(code);
        assertThat(record.path("capability").asText()).as(record.toString()).isEqualTo(capability);
        assertThat(record.path("binding").asText()).as(record.toString()).isEqualTo(binding);
    }

    private static void awaitInFlight(int n) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.migd().gateway().inFlight() != n && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(server.migd().gateway().inFlight()).isEqualTo(n);
    }
}
