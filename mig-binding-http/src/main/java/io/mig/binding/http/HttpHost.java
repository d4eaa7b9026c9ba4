package io.mig.binding.http;

import io.javalin.http.Context;
import io.mig.core.error.MigException;
import io.mig.core.model.Binding;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Credentials;
import io.mig.core.spi.BindingGateway;
import java.util.concurrent.CompletableFuture;

/**
 * What the HTTP binding lends an {@link HttpExtension}: the gateway, the listener's options, body
 * reading within {@code MIGD_MAX_BODY_BYTES}, the transport's view of the caller (SPEC §3.2), the
 * binding's error answers and its SSE streams.
 */
public final class HttpHost {
    private final BindingGateway gateway;
    private final HttpOptions options;
    private final StreamSupport streams;

    HttpHost(BindingGateway gateway, HttpOptions options, StreamSupport streams) {
        this.gateway = gateway;
        this.options = options;
        this.streams = streams;
    }

    public BindingGateway gateway() {
        return gateway;
    }

    public HttpOptions options() {
        return options;
    }

    /**
     * The request body, refused with 413 {@code MIG_INVALID_REQUEST} past the body limit without
     * being buffered (SPEC §11).
     */
    public byte[] body(Context ctx) {
        return Bodies.read(ctx, options.maxBodyBytes());
    }

    /**
     * The caller as this request names it, for {@code binding}: the bearer token of
     * {@code Authorization}, the tenant of {@code X-Tenant-ID} (else the {@code tenant_id} query
     * parameter), and {@code X-Actor}. Tokens are never read from the query string.
     *
     * @throws MigException {@code MIG_INVALID_REQUEST} when one of these headers (or
     *         {@code Idempotency-Key}) is given more than once, as on every MIG route
     */
    public CallContext call(Context ctx, Binding binding) {
        SecurityHeaders.requireSingle(ctx);
        String tenant = Transport.emptyToNull(ctx.header(Transport.TENANT_HEADER));
        if (tenant == null) {
            tenant = Transport.emptyToNull(ctx.queryParam("tenant_id"));
        }
        return new CallContext(binding, new Credentials(Credentials.bearerToken(ctx.header("Authorization")), tenant,
                Transport.emptyToNull(ctx.header(Transport.ACTOR_HEADER))), Transport.remote(ctx));
    }

    /** Answers with the MIG error envelope and status, as every MIG route does (SPEC §1.4). */
    public void error(Context ctx, MigException error) {
        HttpErrors.write(ctx, error);
    }

    /** The HTTP status of a MIG error (SPEC §1.4), for an extension that answers in its own format. */
    public int status(MigException error) {
        return HttpErrors.status(error);
    }

    /**
     * Starts a server-sent-events response. Call it inside {@code ctx.future(…)}'s supplier and
     * complete that future with {@link HttpEventStream#finished()}. The stream is counted among the
     * binding's open streams and is ended when the server shuts down.
     */
    public HttpEventStream openEvents(Context ctx) {
        SseStream sse = new SseStream(ctx);
        CompletableFuture<Void> finished = streams.open(sse);
        StreamSupport.OpenStream open = streams.track(sse::close);
        return new HttpEventStream(sse, finished, open::close);
    }
}
