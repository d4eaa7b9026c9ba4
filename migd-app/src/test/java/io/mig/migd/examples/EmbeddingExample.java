package io.mig.migd.examples;

// tag::embedding[]
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.binding.http.HttpBinding;
import io.mig.binding.http.HttpOptions;
import io.mig.core.gateway.MigGateway;
import io.mig.core.json.MigJson;
import io.mig.core.model.Binding;
import io.mig.core.model.CancelAck;
import io.mig.core.model.CancelRequest;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.InvocationMode;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.InvokeResponse;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.StreamFrame;
import io.mig.core.model.StreamPreference;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Credentials;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.Emitter;
import io.mig.core.spi.InvocationContext;
import io.mig.core.spi.ProviderOptions;
import io.mig.core.spi.StreamItem;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
/** Embeds a MIG gateway: one in-process capability, called through the ports, then served over HTTP. */
public final class EmbeddingExample {
    // the builder's defaults: version 1.0.0, mode unary, no scopes, no topics, no QoS
    static final CapabilityDescriptor SUMMARIZE = CapabilityDescriptor.builder("acme.tools.summarize")
            .schemas("schema://acme/summarize/input/v1", "schema://acme/summarize/output/v1")
            .description("Shortens a text")
            .build();

    /** A capability that streams: one frame per word, then the count as the terminal frame. */
    static final CapabilityDescriptor WORDS = CapabilityDescriptor.builder("acme.tools.words")
            .modes(InvocationMode.UNARY, InvocationMode.SERVER_STREAM)
            .schemas("schema://acme/words/input/v1", "schema://acme/words/output/v1")
            .build();

    static final CallContext ACME = CallContext.of(Binding.HTTP, Credentials.tenant("acme"));

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

    /** The streamed provider: {@code stream} pushes items into an {@link Emitter}; {@code invoke} answers unary calls. */
    static final class Words implements CapabilityProvider {
        @Override
        public CompletableFuture<ObjectNode> invoke(InvocationContext context) {
            return CompletableFuture.completedFuture(MigJson.object().put("count", words(context).length));
        }

        @Override
        public Flow.Publisher<StreamItem> stream(InvocationContext context) {
            Emitter<StreamItem> out = new Emitter<>();
            String[] words = words(context);
            for (String word : words) {
                out.emit(StreamItem.next(MigJson.object().put("word", word)));
            }
            out.emit(StreamItem.last(MigJson.object().put("count", words.length)));
            out.complete();
            return out;
        }

        private static String[] words(InvocationContext context) {
            return context.payload().path("text").asText("").trim().split("\\s+");
        }
    }

    /** A gateway with both capabilities: summaries at most 16 at once, none longer than 5 s. */
    static MigGateway gateway(Consumer<String> cancelled) {
        return MigGateway.builder()
                .capability(SUMMARIZE, context -> summarize(context, cancelled),
                        ProviderOptions.DEFAULTS.withMaxConcurrency(16).withTimeout(Duration.ofSeconds(5)))
                .capability(WORDS, new Words())
                .build();
    }

    /** Calls the gateway's Invocation port directly, as any Java code can. */
    static InvokeResponse summarizeDirectly(MigGateway gateway, String text) {
        InvokeRequest request = new InvokeRequest(MessageHeader.forTenant("acme"), SUMMARIZE.id(),
                MigJson.object().put("text", text), null);
        return gateway.invoke(ACME, request).join();
    }

    /** A streamed call through the port: every frame, the terminal one ({@code end_stream}) last. */
    static List<StreamFrame> wordsStreamed(MigGateway gateway, String text) {
        InvokeRequest request = new InvokeRequest(MessageHeader.forTenant("acme"), WORDS.id(),
                MigJson.object().put("text", text), StreamPreference.SERVER_STREAM);
        List<StreamFrame> frames = new CopyOnWriteArrayList<>();
        CompletableFuture<List<StreamFrame>> done = new CompletableFuture<>();
        gateway.stream(ACME, request, null).join().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(StreamFrame frame) {
                frames.add(frame);
                if (Boolean.TRUE.equals(frame.endStream())) {
                    done.complete(frames);
                }
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                done.complete(frames);
            }
        });
        return done.orTimeout(10, TimeUnit.SECONDS).join();
    }

    /**
     * A cancellable call: the caller picks the {@code message_id} itself, so it knows what to cancel
     * before any answer exists. The CANCEL ends the call with {@code MIG_TIMEOUT} (reason cancelled)
     * and the provider's {@code onCancel} runs.
     */
    static CompletableFuture<InvokeResponse> summarizeThenCancel(MigGateway gateway, Consumer<CancelAck> acked) {
        String messageId = "summary-" + UUID.randomUUID();
        InvokeRequest request = new InvokeRequest(MessageHeader.forTenant("acme").withMessageId(messageId),
                SUMMARIZE.id(), MigJson.object().put("text", "a long text").put("work_ms", 4_000), null);
        CompletableFuture<InvokeResponse> answer = gateway.invoke(ACME, request);
        acked.accept(gateway.cancel(ACME, new CancelRequest(MessageHeader.forTenant("acme"), messageId, "stop pressed")));
        return answer;
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
