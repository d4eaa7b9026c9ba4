package io.mig.migd.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.json.MigJson;
import io.mig.core.model.Binding;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.StreamFrame;
import io.mig.core.model.StreamPreference;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Credentials;
import io.mig.migd.MigdServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * An upstream that streams without end is read only as fast as the caller asks: with no demand,
 * the gateway stops reading and TCP flow control stops the provider, so nothing piles up.
 */
class ProviderDemandTest {
    private static final byte[] LINE = ("{\"token\":\"" + "x".repeat(1000) + "\"}\n").getBytes(StandardCharsets.UTF_8);

    @Test
    void endlessUpstreamIsHeldBackWhenTheCallerStopsAsking() throws Exception {
        AtomicLong written = new AtomicLong();
        CountDownLatch upstreamSawClose = new CountDownLatch(1);
        Upstream.Handler endless = (exchange, request) -> {
            exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                while (true) {
                    out.write(LINE);
                    out.flush();
                    written.addAndGet(LINE.length);
                }
            } catch (IOException closed) {
                upstreamSawClose.countDown();
            }
        };
        try (MigdServer migd = MigdServer.start(Map.of("MIGD_LOG_LEVEL", "warn"));
             Upstream upstream = Upstream.start(endless)) {
            Bind.http(migd, "acme.demand.endless", upstream.url(), "");
            Flow.Publisher<StreamFrame> frames = migd.migd().gateway().stream(
                    CallContext.of(Binding.HTTP, Credentials.tenant("acme")),
                    new InvokeRequest(MessageHeader.forTenant("acme"), "acme.demand.endless", MigJson.object(),
                            StreamPreference.SERVER_STREAM), null).get(5, TimeUnit.SECONDS);
            List<StreamFrame> received = new CopyOnWriteArrayList<>();
            Flow.Subscription[] subscription = new Flow.Subscription[1];
            frames.subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    subscription[0] = s;
                    s.request(3); // and then never again
                }

                @Override
                public void onNext(StreamFrame item) {
                    received.add(item);
                }

                @Override
                public void onError(Throwable throwable) {
                }

                @Override
                public void onComplete() {
                }
            });

            long settled = awaitStable(written);
            assertThat(received).hasSize(3);
            assertThat(settled).as("the provider was held back (bytes it managed to write)")
                    .isGreaterThan(0).isLessThan(32L * 1024 * 1024);
            Thread.sleep(500);
            assertThat(written.get()).as("still held back").isEqualTo(settled);

            subscription[0].cancel();
            assertThat(upstreamSawClose.await(5, TimeUnit.SECONDS)).as("cancelling closed the exchange").isTrue();
        }
    }

    /** Waits until the provider's byte count stops moving, and returns it. */
    private static long awaitStable(AtomicLong written) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long last = -1;
        while (System.nanoTime() < until) {
            Thread.sleep(300);
            long now = written.get();
            if (now == last && now > 0) {
                return now;
            }
            last = now;
        }
        throw new AssertionError("the provider kept writing: " + written.get() + " bytes");
    }
}
