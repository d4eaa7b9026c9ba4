package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.stub.StreamObserver;
import io.mig.binding.grpc.v0_1.FrameKind;
import io.mig.binding.grpc.v0_1.MigErrorCode;
import io.mig.binding.grpc.v0_1.StreamFrame;
import io.mig.core.testing.Jwts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core's stream session as WebSocket and gRPC {@code StreamInvoke} carry it: a running stream
 * whose token expires ends with {@code MIG_UNAUTHORIZED} on both, and a duplicate {@code stream_id}
 * sent right behind the first is refused without a second provider call.
 */
class StreamSessionTest {
    static final String SECRET = "stream-session-secret-of-at-least-32-bytes";
    static final String CAPABILITY = "streams.session.held";
    static MigdServer server;
    static final CountingProvider provider = new CountingProvider();

    @BeforeAll
    static void start() {
        server = MigdServer.start(Map.of("MIGD_AUTH_MODE", "jwt", "MIGD_JWT_HS256_SECRET", SECRET,
                "MIGD_GRPC_ADDR", "127.0.0.1:0"));
        server.migd().gateway().register(CountingProvider.descriptor(CAPABILITY), provider);
        warmUp();
    }

    /**
     * One call over each transport first, so that the short-lived tokens below are not spent on
     * loading classes and opening the first channel of a loaded machine.
     */
    static void warmUp() {
        String token = token("warm-up", Instant.now().plusSeconds(300).getEpochSecond());
        try (GrpcClient client = new GrpcClient(server, null, token);
             WsClient socket = WsClient.connect(server, "?access_token=" + token)) {
            client.discovery().hello(io.mig.binding.grpc.v0_1.HelloRequest.getDefaultInstance());
            socket.send("{\"kind\":\"nonsense\"}");
            socket.next();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterAll
    static void stop() {
        provider.release();
        server.close();
    }

    static String token(String tenant, long exp) {
        return Jwts.hs256(SECRET, Jwts.with(Jwts.claims(tenant, tenant + "-user", CountingProvider.SCOPE),
                "exp", exp));
    }

    /** A token valid for 4 to 5 more seconds: 55 s past its exp, within the 60 s clock skew. */
    static long soonExpiring() {
        return Instant.now().getEpochSecond() - 55;
    }

    @Test
    void aRunningWebSocketStreamEndsWithUnauthorizedWhenItsTokenExpires() throws Exception {
        long exp = soonExpiring();
        try (WsClient socket = WsClient.connect(server, "?access_token=" + token("ws-expiry", exp))) {
            socket.send(held("held"));
            JsonNode last = socket.poll(15_000);
            assertThat(last).as("a frame ends the held stream").isNotNull();
            assertThat(System.currentTimeMillis()).as("not before the token expired")
                    .isGreaterThanOrEqualTo((exp + 60) * 1000 - 50);
            assertThat(last.path("kind").asText()).as(last.toString()).isEqualTo("error");
            assertThat(last.path("stream_id").asText()).isEqualTo("held");
            assertThat(last.path("end_stream").asBoolean()).isTrue();
            assertThat(last.at("/error/code").asText()).isEqualTo("MIG_UNAUTHORIZED");
            assertThat(socket.awaitClose(100)).as("the socket itself stays open").isNull();
        }
    }

    @Test
    void aRunningGrpcStreamEndsWithUnauthorizedWhenItsTokenExpires() throws Exception {
        long exp = soonExpiring();
        try (GrpcClient client = new GrpcClient(server, null, token("grpc-expiry", exp))) {
            GrpcFrames<StreamFrame> frames = new GrpcFrames<>();
            StreamObserver<StreamFrame> send = client.invocationAsync().streamInvoke(frames);
            send.onNext(StreamFrame.newBuilder().setKind(FrameKind.FRAME_KIND_REQUEST).setStreamId("held")
                    .setCapability(CAPABILITY).setPayload(Struct.newBuilder()
                            .putFields("hold", Value.newBuilder().setBoolValue(true).build())).build());
            StreamFrame last = frames.received.poll(15, TimeUnit.SECONDS);
            assertThat(last).as("a frame ends the held stream (call ended: %s)", frames.end.getNow(null)).isNotNull();
            assertThat(System.currentTimeMillis()).as("not before the token expired")
                    .isGreaterThanOrEqualTo((exp + 60) * 1000 - 50);
            assertThat(last.getKind()).isEqualTo(FrameKind.FRAME_KIND_ERROR);
            assertThat(last.getStreamId()).isEqualTo("held");
            assertThat(last.getEndStream()).isTrue();
            assertThat(last.getError().getCode()).isEqualTo(MigErrorCode.MIG_UNAUTHORIZED);
            assertThat(frames.end.isDone()).as("the call itself stays open").isFalse();
            send.onCompleted();
            assertThat(frames.status().isOk()).as("half-closed with no stream left: the call completes").isTrue();
        }
    }

    @Test
    void aDuplicateStreamIdSentRightBehindTheFirstIsRefusedWithoutASecondCall() throws Exception {
        String tenant = "ws-duplicates";
        try (WsClient socket = WsClient.connect(server, "?access_token="
                + token(tenant, Instant.now().plusSeconds(300).getEpochSecond()))) {
            for (int i = 0; i < 4; i++) {
                socket.send(held("twin")); // back to back: no frame waits for an answer
            }
            List<JsonNode> refusals = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                refusals.add(socket.next());
            }
            for (JsonNode refused : refusals) {
                assertThat(refused.path("kind").asText()).as(refused.toString()).isEqualTo("error");
                assertThat(refused.path("stream_id").asText()).isEqualTo("twin");
                assertThat(refused.at("/error/code").asText()).isEqualTo("MIG_INVALID_REQUEST");
                assertThat(refused.at("/error/message").asText()).contains("already running");
            }
            assertThat(provider.calls(tenant)).as("one provider call for one running stream id").isEqualTo(1);

            provider.release();
            JsonNode answer = socket.next();
            assertThat(answer.path("kind").asText()).as(answer.toString()).isEqualTo("response");
            assertThat(answer.path("stream_id").asText()).isEqualTo("twin");
            assertThat(answer.path("end_stream").asBoolean()).isTrue();
            assertThat(socket.poll(200)).as("the refused twins ran nothing").isNull();

            socket.send(held("twin")); // the id is free again once its stream ended
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (provider.calls(tenant) < 2 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            provider.release();
            assertThat(socket.next().path("kind").asText()).isEqualTo("response");
            assertThat(provider.calls(tenant)).isEqualTo(2);
        }
    }

    private static String held(String streamId) {
        return "{\"kind\":\"request\",\"stream_id\":\"" + streamId + "\",\"capability\":\"" + CAPABILITY
                + "\",\"payload\":{\"hold\":true}}";
    }
}
