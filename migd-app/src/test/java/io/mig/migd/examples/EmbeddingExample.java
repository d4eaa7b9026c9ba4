package io.mig.migd.examples;

// tag::embedding[]
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.binding.http.HttpBinding;
import io.mig.binding.http.HttpOptions;
import io.mig.core.gateway.MigGateway;
import io.mig.core.json.MigJson;
import io.mig.core.model.Binding;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.InvocationMode;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.InvokeResponse;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Credentials;
import io.mig.core.spi.InvocationContext;
import io.mig.core.spi.ProviderOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Embeds a MIG gateway: one in-process capability, called through the ports, then served over HTTP. */
public final class EmbeddingExample {
    static final CapabilityDescriptor SUMMARIZE = new CapabilityDescriptor("acme.tools.summarize", "1.0.0",
            List.of(InvocationMode.UNARY), "schema://acme/summarize/input/v1", "schema://acme/summarize/output/v1",
            List.of(), List.of(), null, "Shortens a text");

    /** The provider: plain Java that sees the payload, the caller, the time left and cancellation. */
    static CompletableFuture<ObjectNode> summarize(InvocationContext context, Consumer<String> cancelled) {
        CompletableFuture<ObjectNode> answer = new CompletableFuture<>();
        // CANCEL, the deadline or a vanished caller: stop working (here: drop the pending answer)
        context.cancellation().onCancel(() -> {
            cancelled.accept(context.cancellation().reason().orElse("cancelled"));
            answer.cancel(false);
        });
        String text = context.payload().path("text").asText("");
        long workMs = context.payload().path("work_ms").asLong(0); // pretend the summary takes a while
        Executor later = CompletableFuture.delayedExecutor(workMs, TimeUnit.MILLISECONDS);
        later.execute(() -> answer.complete(MigJson.object()
                .put("summary", text.length() <= 24 ? text : text.substring(0, 24) + "...")
                .put("tenant", context.tenant())
                .put("time_left_ms", context.remaining().toMillis())));
        return answer;
    }

    /** A gateway with the capability: at most 16 calls at once, none longer than 5 s. */
    static MigGateway gateway(Consumer<String> cancelled) {
        return MigGateway.builder()
                .capability(SUMMARIZE, context -> summarize(context, cancelled),
                        ProviderOptions.DEFAULTS.withMaxConcurrency(16).withTimeout(Duration.ofSeconds(5)))
                .build();
    }

    /** Calls the gateway's Invocation port directly, as any Java code can. */
    static InvokeResponse summarizeDirectly(MigGateway gateway, String text) {
        CallContext call = CallContext.of(Binding.HTTP, Credentials.tenant("acme"));
        InvokeRequest request = new InvokeRequest(MessageHeader.forTenant("acme"), SUMMARIZE.id(),
                MigJson.object().put("text", text), null);
        return gateway.invoke(call, request).join();
    }

    /** Serves the same gateway over HTTP: MIG routes, SSE, WebSocket, /healthz, /ui. */
    static HttpBinding serve(MigGateway gateway, String host, int port) {
        HttpBinding http = HttpBinding.builder(gateway)
                .options(HttpOptions.defaults().withHost(host).withPort(port))
                .build();
        http.start();
        return http;
    }

    public static void main(String[] args) {
        MigGateway gateway = gateway(reason -> System.out.println("summarize cancelled: " + reason));
        System.out.println(summarizeDirectly(gateway, "Embedding MIG takes a builder and one lambda.").payload());
        HttpBinding http = serve(gateway, "127.0.0.1", args.length > 0 ? Integer.parseInt(args[0]) : 8080);
        System.out.println("serving MIG on http://127.0.0.1:" + http.port());
    }
}
// end::embedding[]
