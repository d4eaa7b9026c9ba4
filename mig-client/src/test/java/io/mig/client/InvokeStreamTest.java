package io.mig.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.binding.http.HttpBinding;
import io.mig.core.testing.Await;
import io.mig.migd.MigdExtension;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Streamed INVOKE over HTTP (SPEC §3.6) of the demo capability, which sends one token per word every 20 ms. */
class InvokeStreamTest {
    private static final String INFER = "observatory.models.infer";
    @RegisterExtension
    static final MigdExtension server = MigdExtension.inProcess().build();
    private static MigClient client;

    @BeforeAll
    static void connect() {
        client = MigClient.builder().baseUrl(server.baseUrl()).tenant("acme").build();
    }

    @Test
    void oneFramePerWordThenTheTerminalFrame() throws Exception {
        Recorder<StreamFrame> frames = Recorder.unbounded();
        client.invokeStream(INFER, Map.of("input", "the quick brown fox"), CallOptions.defaults().messageId("msg-stream-1"))
                .subscribe(frames);
        assertThat(frames.awaitTermination(Duration.ofSeconds(20))).as("the stream ends").isTrue();
        assertThat(frames.error.get()).isNull();
        assertThat(frames.completed()).isTrue();
        assertThat(frames.items).hasSize(5);
        assertThat(frames.items.subList(0, 4)).extracting(f -> f.payload().path("token").asText())
                .containsExactly("the", "quick", "brown", "fox");
        assertThat(frames.items.subList(0, 4)).noneMatch(StreamFrame::endStream);
        StreamFrame last = frames.items.get(4);
        assertThat(last.endStream()).isTrue();
        assertThat(last.payload().path("result").asText()).isEqualTo("the quick brown fox");
        assertThat(last.capability()).isEqualTo(INFER);
        assertThat(last.kind()).isEqualTo("response");
        assertThat(frames.items).extracting(StreamFrame::streamId).containsOnly(frames.items.get(0).streamId());
    }

    @Test
    void framesArriveOnlyAsFastAsTheyAreRequested() throws Exception {
        String words = IntStream.range(0, 40).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
        Recorder<StreamFrame> frames = new Recorder<>(1);
        client.invokeStream(INFER, Map.of("input", words)).subscribe(frames);
        Await.until(Duration.ofSeconds(10), () -> frames.items.size() == 1, () -> "the first frame");
        // the gateway goes on sending (a token every 20 ms); none of it may reach the subscriber unasked
        Thread.sleep(300);
        assertThat(frames.items).hasSize(1);
        frames.request(2);
        Await.until(Duration.ofSeconds(10), () -> frames.items.size() == 3, () -> "three frames, got " + frames.items.size());
        Thread.sleep(100);
        assertThat(frames.items).hasSize(3);
        frames.request(Long.MAX_VALUE - 3);
        assertThat(frames.awaitTermination(Duration.ofSeconds(20))).isTrue();
        assertThat(frames.items).hasSize(41);
        assertThat(frames.items.subList(0, 40)).extracting(f -> f.payload().path("token").asText())
                .containsExactlyElementsOf(IntStream.range(0, 40).mapToObj(i -> "w" + i).toList());
        assertThat(frames.deliveredBeyondDemand()).isFalse();
    }

    @Test
    void cancellingTheSubscriptionEndsTheStreamOnTheGateway() throws Exception {
        // 1000 words at 20 ms each: left alone, this stream would run for 20 s
        String words = IntStream.range(0, 1000).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
        HttpBinding http = server.migd().binding(HttpBinding.class).orElseThrow();
        Recorder<StreamFrame> frames = new Recorder<>(1);
        client.invokeStream(INFER, Map.of("input", words)).subscribe(frames);
        Await.until(Duration.ofSeconds(10), () -> frames.items.size() == 1, () -> "the first frame");
        assertThat(http.openStreams()).isEqualTo(1);
        frames.cancel();
        Await.until(Duration.ofSeconds(10), () -> http.openStreams() == 0, () -> "the gateway closing the cancelled stream");
        assertThat(frames.items).hasSize(1);
        assertThat(frames.error.get()).isNull();
        assertThat(frames.completed()).isFalse();
    }

    @Test
    void anUnknownCapabilityEndsTheStreamWithItsException() throws Exception {
        Recorder<StreamFrame> frames = Recorder.unbounded();
        client.invokeStream("acme.tools.nothing", Map.of()).subscribe(frames);
        assertThat(frames.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(frames.error.get()).isInstanceOf(MigUnsupportedCapabilityException.class);
        assertThat(((MigClientException) frames.error.get()).httpStatus()).isEqualTo(404);
        assertThat(frames.items).isEmpty();
    }

    @Test
    void aSchemaViolationEndsTheStreamWithTheViolations() throws Exception {
        Recorder<StreamFrame> frames = Recorder.unbounded();
        client.invokeStream(INFER, Map.of("text", "no input")).subscribe(frames);
        assertThat(frames.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(frames.error.get()).isInstanceOf(MigInvalidRequestException.class);
        assertThat(((MigClientException) frames.error.get()).details().path("violations").size()).isPositive();
    }

    @Test
    void aStreamIsColdAndEverySubscriberMakesItsOwnCall() throws Exception {
        var publisher = client.invokeStream(INFER, Map.of("input", "twice"));
        Recorder<StreamFrame> first = Recorder.unbounded();
        Recorder<StreamFrame> second = Recorder.unbounded();
        publisher.subscribe(first);
        publisher.subscribe(second);
        assertThat(first.awaitTermination(Duration.ofSeconds(10)) && second.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(first.items).hasSize(2);
        assertThat(second.items).hasSize(2);
        assertThat(first.items.get(0).streamId()).isNotEqualTo(second.items.get(0).streamId());
    }
}
