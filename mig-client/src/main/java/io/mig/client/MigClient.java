package io.mig.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * A client for a MIG gateway over HTTP (SPEC §3): every MIG operation as one method, streams as
 * {@link Flow.Publisher}s, errors as typed exceptions ({@link MigClientException} and one subclass
 * per MIG code; {@link MigTransportException} when the gateway could not be reached).
 *
 * <pre>{@code
 * MigClient client = MigClient.builder()
 *         .baseUrl("http://localhost:8080")
 *         .tenant("acme")
 *         .bearerToken(() -> tokens.current())   // or a fixed string
 *         .build();
 *
 * InvokeResult result = client.invoke("observatory.models.infer", Map.of("input", "hello"));
 * String text = result.payload().path("result").asText();
 *
 * client.subscribe("observatory.inference.completed").subscribe(mySubscriber); // reconnects by itself
 * }</pre>
 *
 * A client is immutable and thread-safe; share one per gateway and identity. The blocking methods
 * wait for the answer; {@link #invokeAsync} and {@link #publishAsync} do not. Publishers call their
 * subscribers on the HTTP client's threads: subscribers must not block them.
 */
public final class MigClient {
    private final Endpoint endpoint;

    private MigClient(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** HELLO with version 0.1 over HTTP, asking for every feature the gateway has. */
    public Hello hello() {
        return hello(List.of());
    }

    /** HELLO asking for these features; the answer names the ones the gateway has (SPEC §2). */
    public Hello hello(List<String> requestedFeatures) {
        ObjectNode body = envelope(CallOptions.defaults());
        body.set("supported_versions", Json.array(List.of("0.1")));
        body.set("requested_bindings", Json.array(List.of("http")));
        body.set("requested_features", Json.array(requestedFeatures));
        return Hello.from(await(endpoint.post("/hello", body, CallOptions.defaults())));
    }

    /** Every capability this caller may see. */
    public List<Capability> discover() {
        return discover(null);
    }

    /** The capabilities whose id contains {@code query} (case-sensitive; null for all). */
    public List<Capability> discover(String query) {
        ObjectNode body = envelope(CallOptions.defaults());
        if (query != null) {
            body.put("query", query);
        }
        JsonNode answer = await(endpoint.post("/discover", body, CallOptions.defaults()));
        List<Capability> capabilities = new ArrayList<>();
        answer.path("capabilities").forEach(c -> capabilities.add(Capability.from(c)));
        return List.copyOf(capabilities);
    }

    /**
     * A unary INVOKE. {@code payload} is anything Jackson writes as a JSON object (a {@code Map}, a
     * record, an {@code ObjectNode}).
     *
     * @throws MigClientException the gateway's error, typed by its code
     * @throws MigTransportException when the gateway could not be reached or did not answer in time
     */
    public InvokeResult invoke(String capability, Object payload) {
        return invoke(capability, payload, CallOptions.defaults());
    }

    public InvokeResult invoke(String capability, Object payload, CallOptions options) {
        return await(invokeAsync(capability, payload, options));
    }

    /** As {@link #invoke(String, Object, CallOptions)}, without waiting; the future fails with the same exceptions. */
    public CompletableFuture<InvokeResult> invokeAsync(String capability, Object payload, CallOptions options) {
        ObjectNode body = invokeBody(capability, payload, options);
        return endpoint.post("/invoke/" + Endpoint.segment(capability), body, options).thenApply(InvokeResult::from);
    }

    /**
     * A streamed INVOKE (SPEC §3.6): the frames in order, the last one with {@code endStream()},
     * then {@code onComplete}; an error frame or a refusal ends it with {@code onError} and a
     * {@link MigClientException}. Nothing is sent before {@code subscribe}; each subscription is its
     * own call. Cancelling the subscription closes the connection, which cancels the invocation.
     */
    public Flow.Publisher<StreamFrame> invokeStream(String capability, Object payload) {
        return invokeStream(capability, payload, CallOptions.defaults());
    }

    public Flow.Publisher<StreamFrame> invokeStream(String capability, Object payload, CallOptions options) {
        ObjectNode body = invokeBody(capability, payload, options);
        body.put("stream_preference", "server_stream");
        return new InvokeStream(endpoint, capability, body, options);
    }

    /** PUBLISH an event to a topic of the caller's tenant. */
    public PublishResult publish(String topic, Object payload) {
        return publish(topic, null, payload, CallOptions.defaults());
    }

    /** PUBLISH with an event {@code key} (may be null). */
    public PublishResult publish(String topic, String key, Object payload, CallOptions options) {
        return await(publishAsync(topic, key, payload, options));
    }

    public CompletableFuture<PublishResult> publishAsync(String topic, String key, Object payload, CallOptions options) {
        ObjectNode body = envelope(options);
        body.put("topic", topic);
        if (key != null) {
            body.put("key", key);
        }
        body.set("payload", Json.payload(payload));
        return endpoint.post("/publish/" + Endpoint.segment(topic), body, options).thenApply(PublishResult::from);
    }

    /** Every retained event of the topic, then live ones; see {@link #subscribe(String, SubscribeOptions)}. */
    public Flow.Publisher<MigEvent> subscribe(String topic) {
        return subscribe(topic, SubscribeOptions.defaults());
    }

    /**
     * SUBSCRIBE over SSE (SPEC §3.4). The publisher reconnects by itself when the connection drops
     * or the gateway ends the stream with a retryable error (e.g. {@code MIG_BACKPRESSURE}), resuming
     * after the last sequence it delivered, so each event arrives once and in order. A refusal
     * (unknown tenant, no permission) or running out of reconnection attempts ends it with
     * {@code onError}. Cancelling the subscription closes the connection. Events are read only as
     * fast as the subscriber requests them.
     */
    public Flow.Publisher<MigEvent> subscribe(String topic, SubscribeOptions options) {
        Objects.requireNonNull(topic, "topic");
        return new EventStream(endpoint, topic, options);
    }

    /** CANCEL the invocation or stream with this message id (in the caller's tenant). */
    public CancelResult cancel(String targetMessageId) {
        return cancel(targetMessageId, null);
    }

    public CancelResult cancel(String targetMessageId, String reason) {
        ObjectNode body = envelope(CallOptions.defaults());
        body.put("target_message_id", targetMessageId);
        if (reason != null) {
            body.put("reason", reason);
        }
        return CancelResult.from(await(endpoint.post("/cancel/" + Endpoint.segment(targetMessageId), body,
                CallOptions.defaults())));
    }

    /** HEARTBEAT with the gateway's default interval. */
    public HeartbeatResult heartbeat() {
        return heartbeat(null);
    }

    /** HEARTBEAT proposing an interval (the gateway clamps it to 1–60 s). */
    public HeartbeatResult heartbeat(Duration interval) {
        ObjectNode body = envelope(CallOptions.defaults());
        if (interval != null) {
            body.put("interval_ms", interval.toMillis());
        }
        return HeartbeatResult.from(await(endpoint.post("/heartbeat", body, CallOptions.defaults())));
    }

    /** The gateway and the tenant; never the token. */
    @Override
    public String toString() {
        return "MigClient[" + endpoint.baseUrl() + (endpoint.tenant() == null ? "" : ", tenant " + endpoint.tenant()) + "]";
    }

    private static ObjectNode envelope(CallOptions options) {
        ObjectNode body = Json.object();
        body.set("header", Endpoint.header(options));
        return body;
    }

    private static ObjectNode invokeBody(String capability, Object payload, CallOptions options) {
        Objects.requireNonNull(capability, "capability");
        ObjectNode body = envelope(options);
        body.put("capability", capability);
        body.set("payload", Json.payload(payload));
        return body;
    }

    /** Waits, and throws what the call failed with (a MIG or transport exception) rather than a wrapper. */
    private static <T> T await(CompletableFuture<T> call) {
        try {
            return call.get();
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new MigTransportException("interrupted while waiting for the gateway", e);
        } catch (ExecutionException e) {
            throw Endpoint.transport(e.getCause());
        }
    }

    /**
     * Configures a {@link MigClient}; only {@link #baseUrl} is required.
     *
     * <pre>{@code
     * MigClient.builder().baseUrl("https://mig.example.com").tenant("acme").actor("billing-job").build();
     * }</pre>
     */
    public static final class Builder {
        private String baseUrl;
        private String tenant;
        private Supplier<String> token;
        private boolean refreshableToken;
        private String actor;
        private HttpClient http;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Reconnect reconnect = Reconnect.defaults();

        private Builder() {
        }

        /** Where the gateway is, e.g. {@code http://localhost:8080}; a path prefix (behind a proxy) is kept. */
        public Builder baseUrl(String value) {
            URI uri = URI.create(Objects.requireNonNull(value, "baseUrl"));
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("baseUrl must be an http or https URL, got " + value);
            }
            this.baseUrl = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            return this;
        }

        /** The tenant, sent as {@code X-Tenant-ID}; in JWT mode the token's tenant is enough. */
        public Builder tenant(String value) {
            this.tenant = value;
            return this;
        }

        /** A fixed bearer token. */
        public Builder bearerToken(String value) {
            this.token = value == null ? null : () -> value;
            this.refreshableToken = false;
            return this;
        }

        /**
         * A token asked for on every request and every reconnection, so a caller can refresh it; a
         * subscription whose token expired reconnects with the next one.
         */
        public Builder bearerToken(Supplier<String> value) {
            this.token = value;
            this.refreshableToken = value != null;
            return this;
        }

        /** Who acts, for the audit trail ({@code X-Actor}; the gateway honours it when auth is {@code none}). */
        public Builder actor(String value) {
            this.actor = value;
            return this;
        }

        /** The HTTP client to use (proxies, TLS trust, an executor); by default one is made with HTTP/1.1. */
        public Builder httpClient(HttpClient value) {
            this.http = value;
            return this;
        }

        /** Connect timeout of the client this builder makes (default 10 s); ignored with {@link #httpClient}. */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        /** How long a unary call without a deadline waits for its answer (default 60 s). */
        public Builder requestTimeout(Duration value) {
            this.requestTimeout = value;
            return this;
        }

        /** How subscriptions reconnect (default {@link Reconnect#defaults()}). */
        public Builder reconnect(Reconnect value) {
            this.reconnect = Objects.requireNonNull(value, "reconnect");
            return this;
        }

        public MigClient build() {
            if (baseUrl == null) {
                throw new IllegalStateException("baseUrl is required, e.g. MigClient.builder().baseUrl(\"http://localhost:8080\")");
            }
            HttpClient client = http != null ? http : HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(connectTimeout)
                    .build();
            return new MigClient(new Endpoint(client, baseUrl, tenant, token, actor, requestTimeout, reconnect, refreshableToken));
        }
    }
}
