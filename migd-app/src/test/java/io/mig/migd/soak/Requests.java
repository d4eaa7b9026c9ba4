package io.mig.migd.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.mig.binding.grpc.v0_1.EventsGrpc;
import io.mig.binding.grpc.v0_1.FrameKind;
import io.mig.binding.grpc.v0_1.InvocationGrpc;
import io.mig.binding.grpc.v0_1.InvokeRequest;
import io.mig.binding.grpc.v0_1.InvokeResponse;
import io.mig.binding.grpc.v0_1.MessageHeader;
import io.mig.binding.grpc.v0_1.StreamFrame;
import io.mig.core.json.MigJson;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One client per binding against one migd, and one asynchronous request of each {@link Kind}.
 * Every request completes with the gateway's {@link Answer}, or exceptionally when no answer came
 * (connection refused, reset, no responders): those are what a closed listener looks like.
 */
final class Requests implements AutoCloseable {
    static final String CAPABILITY = "soak.shout";
    static final int TOPICS = 8;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String INPUT = "soak test";
    private static final Metadata.Key<String> MIG_ERROR = Metadata.Key.of("mig-error", Metadata.ASCII_STRING_MARSHALLER);

    private final String base;
    private final ExecutorService httpThreads = Executors.newFixedThreadPool(4, daemon("soak-http"));
    private final HttpClient http;
    private final ManagedChannel channel;
    private final InvocationGrpc.InvocationStub invocation;
    final EventsGrpc.EventsStub events;
    private final Connection nats;
    private final WsPool ws;
    private final AtomicLong sequence = new AtomicLong();
    private volatile String mcpSession;

    Requests(int httpPort, int grpcPort, String natsUrl) throws IOException, InterruptedException {
        base = "http://127.0.0.1:" + httpPort;
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(httpThreads).build();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        Metadata metadata = new Metadata();
        metadata.put(Metadata.Key.of("x-tenant-id", Metadata.ASCII_STRING_MARSHALLER), Soak.TENANT);
        invocation = InvocationGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
        events = EventsGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
        nats = Nats.connect(new Options.Builder().server(natsUrl).reportNoResponders()
                .connectionTimeout(Duration.ofSeconds(5)).maxReconnects(-1).build());
        ws = new WsPool(http, URI.create("ws://127.0.0.1:" + httpPort + "/mig/v0.1/stream"));
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    String base() {
        return base;
    }

    HttpClient http() {
        return http;
    }

    int webSockets() {
        return ws.open();
    }

    CompletableFuture<Answer> send(Kind kind) {
        return send(kind, INPUT);
    }

    /**
     * A stream of {@code words} words: the example provider sends one every 50 ms, so 250 words
     * outlast the gateway's 10 s drain and must be ended by it with MIG_UNAVAILABLE.
     */
    CompletableFuture<Answer> sendLong(Kind kind, int words) {
        return send(kind, "w ".repeat(words).trim());
    }

    private CompletableFuture<Answer> send(Kind kind, String input) {
        try {
            switch (kind) {
                case HTTP_INVOKE: return httpInvoke(false, input);
                case HTTP_STREAM: return httpInvoke(true, input);
                case WS_STREAM: return ws.stream(CAPABILITY, input);
                case GRPC_INVOKE: return grpcInvoke(input);
                case GRPC_STREAM: return grpcStream(input);
                case NATS_INVOKE: return natsInvoke();
                case MCP_CALL: return mcpCall();
                case HTTP_PUBLISH: return publish();
                default: throw new IllegalArgumentException(kind.name());
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("X-Tenant-ID", Soak.TENANT)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static String envelope(String payload) {
        return "{\"header\":{\"tenant_id\":\"" + Soak.TENANT + "\"},\"payload\":" + payload + "}";
    }

    private CompletableFuture<Answer> httpInvoke(boolean streamed, String input) {
        HttpRequest.Builder request = post("/mig/v0.1/invoke/" + CAPABILITY, envelope("{\"input\":\"" + input + "\"}"));
        if (streamed) {
            request.header("Accept", "text/event-stream");
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != 200 || !streamed) {
                return response.statusCode() == 200 ? Answer.OK : Answer.error(errorCode(response.body(), response.statusCode()));
            }
            return terminalOfSse(response.body());
        });
    }

    /** The outcome of a streamed INVOKE's SSE body: its last frame, an error frame, or none (cut short). */
    private static Answer terminalOfSse(String body) {
        for (String line : body.split("\n")) {
            if (!line.startsWith("data:")) {
                continue;
            }
            JsonNode frame = MigJson.readObject(line.substring(5).trim().getBytes(StandardCharsets.UTF_8));
            if (frame.has("error")) {
                return Answer.error(frame.path("error").path("code").asText("NO_CODE"));
            }
            if (frame.path("end_stream").asBoolean()) {
                return Answer.OK;
            }
        }
        throw new IllegalStateException("the stream ended without a terminal frame");
    }

    private static String errorCode(String body, int status) {
        try {
            String code = MigJson.readObject(body.getBytes(StandardCharsets.UTF_8)).path("error").path("code").asText("");
            return code.isEmpty() ? "HTTP_" + status : code;
        } catch (RuntimeException notJson) {
            return "HTTP_" + status;
        }
    }

    private CompletableFuture<Answer> publish() {
        long n = sequence.incrementAndGet();
        return http.sendAsync(post("/mig/v0.1/publish/soak.t" + (n % TOPICS), envelope("{\"seq\":" + n + "}")).build(),
                HttpResponse.BodyHandlers.ofString()).thenApply(response -> response.statusCode() == 200 ? Answer.OK
                : Answer.outsidePipeline(errorCode(response.body(), response.statusCode())));
    }

    private static Struct input(String input) {
        return Struct.newBuilder().putFields("input", Value.newBuilder().setStringValue(input).build()).build();
    }

    private static MessageHeader.Builder header() {
        return MessageHeader.newBuilder().setTenantId(Soak.TENANT);
    }

    private CompletableFuture<Answer> grpcInvoke(String input) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        invocation.withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).invoke(InvokeRequest.newBuilder()
                .setHeader(header()).setCapability(CAPABILITY).setPayload(input(input)).build(), new StreamObserver<>() {
                    @Override
                    public void onNext(InvokeResponse value) {
                        answer.complete(Answer.OK);
                    }

                    @Override
                    public void onError(Throwable t) {
                        failGrpc(answer, t);
                    }

                    @Override
                    public void onCompleted() {
                        answer.complete(Answer.OK);
                    }
                });
        return answer;
    }

    /** A failed call with the {@code mig-error} trailer is the gateway's answer; without it, the transport failed. */
    private static void failGrpc(CompletableFuture<Answer> answer, Throwable t) {
        String trailer = t instanceof StatusRuntimeException && ((StatusRuntimeException) t).getTrailers() != null
                ? ((StatusRuntimeException) t).getTrailers().get(MIG_ERROR) : null;
        if (trailer == null) {
            answer.completeExceptionally(t);
        } else {
            answer.complete(Answer.error(MigJson.readObject(trailer.getBytes(StandardCharsets.UTF_8)).path("code").asText("NO_CODE")));
        }
    }

    private CompletableFuture<Answer> grpcStream(String input) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        AtomicBoolean ended = new AtomicBoolean();
        AtomicReference<StreamObserver<StreamFrame>> send = new AtomicReference<>();
        send.set(invocation.withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).streamInvoke(new StreamObserver<>() {
            @Override
            public void onNext(StreamFrame frame) {
                boolean error = frame.getKind() == FrameKind.FRAME_KIND_ERROR;
                if ((error || frame.getEndStream()) && ended.compareAndSet(false, true)) {
                    answer.complete(error ? Answer.error(frame.getError().getCode().name()) : Answer.OK);
                    send.get().onCompleted();
                }
            }

            @Override
            public void onError(Throwable t) {
                failGrpc(answer, t);
            }

            @Override
            public void onCompleted() {
                answer.completeExceptionally(new IllegalStateException("StreamInvoke ended without a terminal frame"));
            }
        }));
        Struct meta = Struct.newBuilder().putFields("mig.stream_preference",
                Value.newBuilder().setStringValue("server_stream").build()).build();
        send.get().onNext(StreamFrame.newBuilder().setKind(FrameKind.FRAME_KIND_REQUEST).setStreamId("s")
                .setCapability(CAPABILITY).setHeader(header().setMeta(meta)).setPayload(input(input)).build());
        return answer;
    }

    private CompletableFuture<Answer> natsInvoke() {
        return nats.requestWithTimeout("mig.v0_1." + Soak.TENANT + ".invoke." + CAPABILITY,
                ("{\"payload\":{\"input\":\"" + INPUT + "\"}}").getBytes(StandardCharsets.UTF_8), TIMEOUT)
                .thenApply(Requests::natsAnswer);
    }

    private static Answer natsAnswer(Message reply) {
        if (reply.isStatusMessage()) {
            throw new IllegalStateException("NATS status " + reply.getStatus().getCode());
        }
        JsonNode body = MigJson.readObject(reply.getData());
        return body.has("error") ? Answer.error(body.path("error").path("code").asText("NO_CODE")) : Answer.OK;
    }

    private CompletableFuture<Answer> mcpCall() {
        String session = mcpSession;
        if (session == null) {
            session = mcpInitialize();
        }
        String call = "{\"jsonrpc\":\"2.0\",\"id\":" + sequence.incrementAndGet() + ",\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"" + CAPABILITY + "\",\"arguments\":{\"input\":\"" + INPUT + "\"}}}";
        String used = session;
        return http.sendAsync(mcp(call).header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25").build(),
                HttpResponse.BodyHandlers.ofString()).thenApply(response -> mcpAnswer(response, used));
    }

    private Answer mcpAnswer(HttpResponse<String> response, String session) {
        if (response.statusCode() == 404) { // the session expired: a new one for the next call
            mcpSession = null;
            return Answer.outsidePipeline("MCP_SESSION_404");
        }
        if (response.statusCode() == 503) {
            // refused while draining: the MCP extension audits the tools/call it names (DrainAnswersTest)
            return Answer.error(errorCode(response.body(), response.statusCode()));
        }
        if (response.statusCode() != 200) {
            return Answer.outsidePipeline(errorCode(response.body(), response.statusCode()));
        }
        JsonNode body = MigJson.readObject(response.body().getBytes(StandardCharsets.UTF_8));
        if (body.has("error")) {
            return Answer.error("JSONRPC_" + body.path("error").path("code").asText());
        }
        JsonNode result = body.path("result");
        return result.path("isError").asBoolean()
                ? Answer.error(result.path("_meta").path("io.mig/error").path("code").asText("NO_CODE")) : Answer.OK;
    }

    private HttpRequest.Builder mcp(String body) {
        return post("/mcp", body).header("Accept", "application/json, text/event-stream");
    }

    /** A legacy-era MCP session (initialize + initialized), shared by every MCP call until it expires. */
    private synchronized String mcpInitialize() {
        if (mcpSession != null) {
            return mcpSession;
        }
        try {
            HttpResponse<String> init = http.send(mcp("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
                    + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"migd-soak\",\"version\":\"1\"}}}")
                    .build(), HttpResponse.BodyHandlers.ofString());
            String session = init.headers().firstValue("Mcp-Session-Id")
                    .orElseThrow(() -> new IllegalStateException("initialize answered " + init.statusCode() + " without a session"));
            http.send(mcp("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").header("Mcp-Session-Id", session)
                    .header("MCP-Protocol-Version", "2025-11-25").build(), HttpResponse.BodyHandlers.discarding());
            mcpSession = session;
            return session;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        ws.close();
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
            nats.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        httpThreads.shutdownNow();
    }
}
