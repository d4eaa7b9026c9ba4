package io.mig.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.binding.http.HttpBinding;
import io.mig.binding.http.HttpOptions;
import io.mig.core.gateway.GatewayLimits;
import io.mig.core.gateway.MigGateway;
import io.mig.core.gateway.StorageBounds;
import io.mig.core.json.MigJson;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.InvocationMode;
import io.mig.core.spi.InvocationContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A gateway whose state outlives its HTTP listener: {@link #restartHttp} stops the listener and
 * opens a new one on the same port, as a restarted migd with shared state would look to a client.
 * It serves the demo capability and {@code acme.tools.slow}, which answers after
 * {@code payload.work_ms} unless it is cancelled first.
 */
final class EmbeddedGateway implements AutoCloseable {
    static final String SLOW = "acme.tools.slow";

    private final MigGateway gateway;
    private volatile HttpBinding http;
    private volatile int port;

    EmbeddedGateway() {
        CapabilityDescriptor slow = new CapabilityDescriptor(SLOW, "1.0.0", List.of(InvocationMode.UNARY),
                "schema://acme/slow/in", "schema://acme/slow/out", List.of(), List.of(), null, "waits, then answers");
        // the slow-subscriber test publishes 25 MB to one topic and resumes from its start: retain all of it
        GatewayLimits limits = GatewayLimits.DEFAULTS.withStorage(StorageBounds.DEFAULTS.withEventBytes(64L << 20, 256L << 20));
        this.gateway = MigGateway.builder().limits(limits).demoCapability().capability(slow, EmbeddedGateway::slow).build();
        this.http = serve(0);
        this.port = http.port();
    }

    private static CompletableFuture<ObjectNode> slow(InvocationContext context) {
        CompletableFuture<ObjectNode> answer = new CompletableFuture<>();
        context.cancellation().onCancel(() -> answer.cancel(false));
        CompletableFuture.delayedExecutor(context.payload().path("work_ms").asLong(0), TimeUnit.MILLISECONDS)
                .execute(() -> answer.complete(MigJson.object().put("done", true)));
        return answer;
    }

    private HttpBinding serve(int onPort) {
        HttpBinding binding = HttpBinding.builder(gateway)
                .options(HttpOptions.defaults().withHost("127.0.0.1").withPort(onPort).withSseKeepAlive(Duration.ofSeconds(1)))
                .build();
        binding.start();
        return binding;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    HttpBinding http() {
        return http;
    }

    MigGateway gateway() {
        return gateway;
    }

    /** Stops the HTTP listener (open streams get the shutdown frame); the gateway and its events stay. */
    void stopHttp() {
        http.stop(Duration.ZERO);
    }

    /** A new listener on the same port. */
    void startHttp() {
        http = serve(port);
    }

    @Override
    public void close() {
        http.stop(Duration.ZERO);
        gateway.close();
    }
}
