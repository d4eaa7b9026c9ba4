package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.mig.binding.grpc.v0_1.EventMessage;
import io.mig.binding.grpc.v0_1.FrameKind;
import io.mig.binding.grpc.v0_1.MigErrorCode;
import io.mig.binding.grpc.v0_1.StreamFrame;
import io.mig.binding.grpc.v0_1.SubscribeRequest;
import io.mig.core.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A stopping gateway ends open gRPC streams with a terminal error frame and status UNAVAILABLE. */
class GrpcShutdownTest {
    @Test
    void openStreamsEndWithUnavailable() throws Exception {
        MigdServer server = MigdServer.start(Map.of("MIGD_GRPC_ADDR", "127.0.0.1:0"));
        CountingProvider held = new CountingProvider();
        server.migd().gateway().register(CountingProvider.descriptor("tests.grpc.held"), held);
        try (GrpcClient client = new GrpcClient(server, "acme", null)) {
            GrpcFrames<EventMessage> events = new GrpcFrames<>();
            client.eventsAsync().subscribe(SubscribeRequest.newBuilder().setTopic("grpc.test.shutdown").build(), events);
            GrpcFrames<StreamFrame> frames = new GrpcFrames<>();
            StreamObserver<StreamFrame> send = client.invocationAsync().streamInvoke(frames);
            send.onNext(StreamFrame.newBuilder().setKind(FrameKind.FRAME_KIND_REQUEST).setStreamId("held")
                    .setCapability("tests.grpc.held").setPayload(Struct.newBuilder()
                            .putFields("hold", Value.newBuilder().setBoolValue(true).build())).build());
            Await.until(Duration.ofSeconds(5), () -> server.migd().gateway().connections().list().size() >= 2
                    && server.migd().gateway().inFlight() >= 1, "both gRPC streams open and the held call in flight");

            server.migd().stop(Duration.ofMillis(200)); // the held call does not finish within the drain

            StreamFrame last = frames.next();
            assertThat(last.getKind()).isEqualTo(FrameKind.FRAME_KIND_ERROR);
            assertThat(last.getStreamId()).isEqualTo("held");
            assertThat(last.getError().getCode()).isEqualTo(MigErrorCode.MIG_UNAVAILABLE);
            assertThat(frames.status().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            Status subscribeEnd = events.status();
            assertThat(subscribeEnd.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(subscribeEnd.getDescription()).startsWith("MIG_UNAVAILABLE: ");
            for (GrpcFrames<?> call : List.of(frames, events)) {
                io.grpc.Metadata trailers = call.trailers.get(5, TimeUnit.SECONDS);
                assertThat(trailers.get(GrpcClient.MIG_ERROR)).contains("\"MIG_UNAVAILABLE\"");
                assertThat(trailers.get(GrpcClient.MIG_ERROR_BIN).getCode()).isEqualTo(MigErrorCode.MIG_UNAVAILABLE);
            }
        } finally {
            held.release();
            server.close();
        }
    }
}
