package io.mig.core.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.ErrorReason;
import io.mig.core.error.MigException;
import io.mig.core.internal.Fingerprint;
import io.mig.core.id.Ids;
import io.mig.core.json.MigJson;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.InvokeResponse;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.Names;
import io.mig.core.model.FrameKind;
import io.mig.core.model.StreamFrame;
import io.mig.core.model.StreamPreference;
import io.mig.core.model.Violation;
import io.mig.core.port.in.AnswerForm;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Invocation;
import io.mig.core.port.in.InvocationAnswer;
import io.mig.core.port.in.InvocationHandle;
import io.mig.core.port.out.CancellationStore;
import io.mig.core.port.out.CapabilityRegistration;
import io.mig.core.port.out.CapabilityStore;
import io.mig.core.port.out.IdempotencyStore;
import io.mig.core.port.out.InvocationListener;
import io.mig.core.port.out.QuotaGate;
import io.mig.core.port.out.SchemaValidator;
import io.mig.core.port.out.TraceSpan;
import io.mig.core.port.out.Tracing;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.InvocationContext;
import io.mig.core.spi.Emitter;
import io.mig.core.spi.Publishers;
import io.mig.core.spi.StreamItem;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/** INVOKE, unary and streamed, through the checks of SPEC §4.1 in their order. */
final class InvocationService implements Invocation {
    static final String REPLAY_META = "idg.idempotent_replay";
    private static final String UNARY = "unary";
    private static final String SERVER_STREAM = "server_stream";

    private final HeaderResolver headers;
    private final CapabilityStore capabilities;
    private final ProviderResolver providers;
    private final SchemaValidator validator;
    private final QuotaGate quotas;
    private final IdempotencyStore idempotency;
    private final CancellationStore cancellations;
    private final InFlight inFlight;
    private final DeadlineWheel deadlines;
    private final List<InvocationListener> listeners;
    private final Tracing tracing;
    private final Clock clock;
    /** Whether every part an INVOKE passes through answers without blocking (the builder's declaration). */
    private final boolean pipelineWithoutBlocking;

    InvocationService(HeaderResolver headers, CapabilityStore capabilities, ProviderResolver providers,
                      SchemaValidator validator, QuotaGate quotas, IdempotencyStore idempotency,
                      CancellationStore cancellations, InFlight inFlight, DeadlineWheel deadlines,
                      List<InvocationListener> listeners, Tracing tracing, Clock clock,
                      boolean pipelineWithoutBlocking) {
        this.headers = headers;
        this.capabilities = capabilities;
        this.providers = providers;
        this.validator = validator;
        this.quotas = quotas;
        this.idempotency = idempotency;
        this.cancellations = cancellations;
        this.inFlight = inFlight;
        this.deadlines = deadlines;
        this.listeners = listeners;
        this.tracing = tracing;
        this.clock = clock;
        this.pipelineWithoutBlocking = pipelineWithoutBlocking;
    }

    @Override
    public InvocationHandle start(CallContext call, InvokeRequest request, AnswerForm form) {
        String minted = mintedMessageId(request);
        RunningInvocation handle = new RunningInvocation(minted != null ? minted : request.header().messageId());
        Attempt attempt = attempt(call, request);
        if (minted != null) {
            attempt.mintedMessageId(minted); // a refusal's audit record names it too
        }
        // the mode the form fixes is known before the choice (a refused request is traced with it)
        attempt.span().attribute(TraceSpan.MODE, form.unaryAllowed() ? UNARY : SERVER_STREAM);
        try {
            Prepared prepared = prepare(call, request, minted, attempt);
            StreamChoice choice = StreamChoice.of(prepared.registration().descriptor(), prepared.request(), form);
            if (choice.framed() && !choice.providerStreams() && prepared.header().idempotencyKey() != null) {
                startUnaryAsFrame(prepared, form.streamId(), handle);
            } else if (choice.framed()) {
                startStream(prepared, form.streamId(), choice.providerStreams(), handle);
            } else {
                startUnary(prepared, handle, pipelineWithoutBlocking && form.writesWithoutBlocking());
            }
        } catch (RuntimeException e) {
            MigException error = MigException.from(e);
            attempt.finish(error);
            handle.fail(error);
        }
        return handle;
    }

    /**
     * The core gives every invocation its message id here, before anything can fail, so that the
     * handle, the audit record, CANCEL and every error the binding writes name the same one.
     */
    private static String mintedMessageId(InvokeRequest request) {
        MessageHeader header = request.header();
        if (header != null && header.messageId() != null && !header.messageId().isEmpty()) {
            return null; // the caller's own
        }
        return Ids.messageId(); // the header resolver puts it in the resolved header, no copy of the request needed
    }

    /**
     * A unary answer. {@code quietCompletion}: the transport writes the answer without blocking and
     * the gateway's parts all answer without blocking, so the provider may complete on its I/O thread.
     */
    private void startUnary(Prepared prepared, RunningInvocation handle, boolean quietCompletion) {
        Attempt attempt = prepared.attempt();
        CompletableFuture<InvokeResponse> result;
        try {
            result = deduplicated(prepared, handle, quietCompletion);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(MigException.from(e));
        }
        // the outcome is recorded (audit flushed) before anyone waiting on the result sees it
        result.whenComplete((response, error) -> {
            attempt.finish(error);
            if (error != null) {
                handle.fail(error);
            } else {
                handle.answer(new InvocationAnswer.Unary(response));
            }
        });
    }

    /**
     * A unary answer the transport carries as frames (a WebSocket or gRPC request frame, SSE asked of
     * a unary provider) when the request has an idempotency key: it runs the unary pipeline, so the
     * key is honoured as on every other path (SPEC §4.1 step 8, §4.3: a repeat replays, a duplicate in
     * flight waits), and its one result — or its error — becomes the stream's one terminal frame.
     * Closing the stream cancels the invocation, as it cancels a provider's stream.
     */
    private void startUnaryAsFrame(Prepared prepared, String streamId, RunningInvocation handle) {
        Attempt attempt = prepared.attempt();
        String id = streamId == null || streamId.isEmpty() ? "stream-" + prepared.header().messageId() : streamId;
        Names.checkIdentifier("stream_id", id);
        attempt.span().attribute(TraceSpan.STREAM_ID, id);
        CompletableFuture<InvokeResponse> result;
        try {
            result = deduplicated(prepared, handle, false); // the frame goes to a writer that may block
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(MigException.from(e));
        }
        Emitter<StreamFrame> frame = new Emitter<>();
        frame.onCancel(() -> handle.cancel("the stream was closed"));
        String capability = prepared.registration().id();
        result.whenComplete((response, error) -> {
            attempt.finish(error); // recorded (audit flushed) before the caller sees the frame
            frame.emit(error == null
                    ? new StreamFrame(response.header(), id, capability, FrameKind.RESPONSE, response.payload(), true, null)
                    : new StreamFrame(prepared.header(), id, capability, FrameKind.ERROR, null, true,
                            MigException.from(error).toError()));
            frame.complete();
        });
        handle.answer(new InvocationAnswer.Streamed(id, frame));
    }

    private void startStream(Prepared prepared, String streamId, boolean providerStreams, RunningInvocation handle) {
        Attempt attempt = prepared.attempt();
        attempt.span().attribute(TraceSpan.MODE, SERVER_STREAM);
        quotas.acquire(prepared.tenant());
        BoundProvider provider = providers.resolve(prepared.registration());
        String id = streamId == null || streamId.isEmpty() ? "stream-" + prepared.header().messageId() : streamId;
        Names.checkIdentifier("stream_id", id);
        attempt.span().attribute(TraceSpan.STREAM_ID, id);
        handle.answer(new InvocationAnswer.Streamed(id, openStream(prepared, provider, id, providerStreams, handle)));
    }

    /** An INVOKE the transport refused before the pipeline: its outcome is still reported. */
    void refused(CallContext call, String capability, Throwable error) {
        Attempt attempt = new Attempt(call, capability, listeners, clock,
                tracing.start(TraceSpan.OP_INVOKE, call.binding(), null));
        if (capability != null && capabilities.find(capability).isPresent()) {
            attempt.known();
        }
        attempt.finish(error);
    }

    /** Starts the operation's server span, parented on the caller's {@code traceparent}. */
    private Attempt attempt(CallContext call, InvokeRequest request) {
        String parent = request.header() == null ? null : request.header().traceparent();
        return new Attempt(call, request.capability(), listeners, clock,
                tracing.start(TraceSpan.OP_INVOKE, call.binding(), parent));
    }

    @Override
    public boolean prefersStream(InvokeRequest request, boolean transportAsksForStream) {
        CapabilityDescriptor descriptor = request.capability() == null ? null
                : capabilities.find(request.capability()).map(CapabilityRegistration::descriptor).orElse(null);
        return descriptor != null && StreamChoice.of(descriptor, request, AnswerForm.either(transportAsksForStream)).framed();
    }

    /** Steps 1–7 of SPEC §4.1. */
    private Prepared prepare(CallContext call, InvokeRequest request, String mintedMessageId, Attempt attempt) {
        String capability = Names.requireCapability(request.capability());
        ObjectNode payload = request.payload() == null ? MigJson.object() : request.payload();
        StreamChoice.preference(request); // a malformed stream preference is an invalid envelope
        RequestScope scope = headers.resolve(call, request.header(), attempt.span(), mintedMessageId);
        attempt.scope(scope);
        CapabilityRegistration registration = capabilities.find(capability).orElseThrow(() ->
                new MigException(ErrorCode.MIG_UNSUPPORTED_CAPABILITY, "capability '" + capability + "' is not registered")
                        .withDetail("capability", capability));
        attempt.known();
        CapabilityDescriptor descriptor = registration.descriptor();
        if (scope.principal().scopesEnforced() && !descriptor.allows(scope.principal().scopes())) {
            throw MigException.forbidden("the caller lacks a scope required by '" + capability + "'")
                    .withDetail("required_scopes", String.join(" ", descriptor.authScopes()));
        }
        cancellations.find(scope.tenant(), scope.header().messageId()).ifPresent(reason -> {
            throw MigException.cancelled(reason.isEmpty() ? null : reason).withDetail("message_id", scope.header().messageId());
        });
        Long maxBytes = descriptor.qos() == null ? null : descriptor.qos().maxPayloadBytes();
        if (maxBytes != null && maxBytes > 0) {
            checkSize(capability, payload, maxBytes);
        }
        List<Violation> violations = validator.validate(descriptor.inputSchemaUri(), payload);
        if (!violations.isEmpty()) {
            throw MigException.invalid("payload does not match the input schema " + descriptor.inputSchemaUri())
                    .withDetail("schema_uri", descriptor.inputSchemaUri())
                    .withDetail("violations", MigJson.mapper().valueToTree(violations));
        }
        InvokeRequest resolved = new InvokeRequest(scope.header(), capability, payload, request.streamPreference());
        return new Prepared(call, scope, registration, resolved, attempt);
    }

    /** Step 7's size: encoded (and counted) only when the payload's cheap upper bound passes the limit. */
    private static void checkSize(String capability, ObjectNode payload, long maxBytes) {
        long bound = PayloadSize.upperBound(payload, maxBytes);
        if (bound >= 0 && bound <= maxBytes) {
            return;
        }
        int size = (int) Math.min(Integer.MAX_VALUE, MigJson.encodedLength(payload));
        if (size > maxBytes) {
            throw MigException.invalid("payload is " + size + " bytes; '" + capability + "' accepts at most " + maxBytes)
                    .withReason(ErrorReason.TOO_LARGE).withDetail("max_payload_bytes", maxBytes).withDetail("payload_bytes", size);
        }
    }

    /** Step 8: idempotency, including duplicates that arrive while the first still runs. */
    private CompletableFuture<InvokeResponse> deduplicated(Prepared prepared, RunningInvocation handle,
                                                           boolean quietCompletion) {
        String key = prepared.header().idempotencyKey();
        if (key == null) {
            return admitted(prepared, handle, quietCompletion);
        }
        IdempotencyStore.Key storeKey = new IdempotencyStore.Key(prepared.tenant(), prepared.registration().id(), key);
        String fingerprint = Fingerprint.of(prepared.request().payload());
        IdempotencyStore.Claim claim = idempotency.claim(storeKey, fingerprint);
        if (!claim.owner()) {
            if (!claim.fingerprint().equals(fingerprint)) {
                throw MigException.invalid("idempotency_key '" + key + "' was used with a different payload")
                        .withReason(ErrorReason.IDEMPOTENCY_KEY_REUSED).withDetail("reason", "idempotency_key_reused");
            }
            // cancelling a duplicate ends its wait only: the first call runs on for its own caller
            CompletableFuture<InvokeResponse> waiting = new CompletableFuture<>();
            handle.running(reason -> waiting.completeExceptionally(MigException.cancelled(reason)));
            claim.result().thenApply(stored -> replay(stored, prepared.header())).whenComplete((response, error) -> {
                if (error != null) {
                    waiting.completeExceptionally(MigException.from(error));
                } else {
                    waiting.complete(response);
                }
            });
            return waiting;
        }
        CompletableFuture<InvokeResponse> result;
        try {
            // not quiet: completing the claim answers the duplicates that wait, on whatever transport they came
            result = admitted(prepared, handle, false);
        } catch (RuntimeException e) {
            idempotency.fail(storeKey, e);
            throw e;
        }
        return result.whenComplete((response, error) -> {
            if (error == null) {
                idempotency.complete(storeKey, response);
            } else {
                idempotency.fail(storeKey, MigException.from(error));
            }
        });
    }

    /** Step 9 then 10: quota, then dispatch. */
    private CompletableFuture<InvokeResponse> admitted(Prepared prepared, RunningInvocation handle,
                                                       boolean quietCompletion) {
        quotas.acquire(prepared.tenant());
        return dispatch(prepared, providers.resolve(prepared.registration()), handle, quietCompletion);
    }

    /**
     * Steps 10–11: the provider call inside the gateway's capacity and the provider's bulkhead,
     * under the deadline (shortened by the provider's {@code timeout_ms}), cancellable, then output
     * validation.
     */
    private CompletableFuture<InvokeResponse> dispatch(Prepared prepared, BoundProvider bound,
                                                       RunningInvocation handle, boolean quietCompletion) {
        UnaryCall call = new UnaryCall();
        call.ticket = inFlight.admit(prepared.tenant(), call::cancel, error -> call.stop(error, error.getMessage()),
                prepared.header().messageId());
        try {
            call.permit = bound.admit();
        } catch (RuntimeException e) {
            call.ticket.close();
            throw e;
        }
        handle.running(call::cancel); // the binding's stop for its transport, as CANCEL's
        TraceSpan span = providerSpan(prepared);
        call.span = span;
        long budgetMs = bound.options().budgetMs(prepared.header().deadlineMs());
        call.timer = deadlines.schedule(() -> call.stop(timeout(prepared, bound), "deadline"), budgetMs);
        CompletableFuture<ObjectNode> upstream;
        try {
            upstream = bound.provider().invoke(context(prepared, call.signal, budgetMs, span, !quietCompletion));
            if (upstream == null) {
                upstream = CompletableFuture.failedFuture(MigException.internal("provider returned no result").withReason(ErrorReason.PROVIDER_FAILED));
            }
        } catch (RuntimeException e) {
            upstream = CompletableFuture.failedFuture(e);
        }
        call.upstream = upstream;
        upstream.whenComplete((payload, error) -> {
            if (error != null) {
                MigException failure = MigException.from(error);
                span.end(failure.code());
                call.stop(failure, null);
                return;
            }
            span.end(null); // the provider answered; what the gateway then makes of it is the server span's
            try {
                call.succeed(respond(prepared, payload));
            } catch (RuntimeException e) {
                call.stop(MigException.from(e), null);
            }
        });
        return call.result;
    }

    /**
     * One unary call in flight. Whoever ends it first — the provider, the deadline, a CANCEL — wins,
     * and everything is released before the caller sees the result.
     */
    private static final class UnaryCall {
        final CompletableFuture<InvokeResponse> result = new CompletableFuture<>();
        final CancellationSignal signal = new CancellationSignal();
        final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
        volatile InFlight.Ticket ticket;
        volatile BoundProvider.Permit permit;
        volatile DeadlineWheel.Timeout timer;
        volatile CompletableFuture<ObjectNode> upstream;
        volatile TraceSpan span = TraceSpan.NONE;

        void succeed(InvokeResponse response) {
            if (ended.compareAndSet(false, true)) {
                release();
                result.complete(response);
            }
        }

        /** CANCEL, or the handle's cancel: false when the call had ended. */
        boolean cancel(String reason) {
            return stop(MigException.cancelled(reason), reason == null ? "cancelled" : reason);
        }

        /** Ends the call with an error; {@code cancelReason} non-null means the provider must stop too. */
        boolean stop(MigException error, String cancelReason) {
            if (!ended.compareAndSet(false, true)) {
                return false;
            }
            if (cancelReason != null) {
                span.end(error.code()); // before the aborted call reports its own cancellation
                signal.cancel(cancelReason);
                CompletableFuture<ObjectNode> call = upstream;
                if (call != null) {
                    call.cancel(true);
                }
            }
            release();
            result.completeExceptionally(error);
            return true;
        }

        private void release() {
            DeadlineWheel.Timeout t = timer;
            if (t != null) {
                t.cancel();
            }
            BoundProvider.Permit p = permit;
            if (p != null) {
                p.close();
            }
            InFlight.Ticket k = ticket;
            if (k != null) {
                k.close();
            }
        }
    }

    private InvokeResponse respond(Prepared prepared, ObjectNode payload) {
        CapabilityDescriptor descriptor = prepared.registration().descriptor();
        if (payload == null) {
            throw MigException.internal("provider of '" + descriptor.id() + "' returned no payload").withReason(ErrorReason.PROVIDER_FAILED);
        }
        checkOutput(descriptor, payload);
        return new InvokeResponse(prepared.header(), descriptor.id(), payload, descriptor.outputSchemaUri());
    }

    void checkOutput(CapabilityDescriptor descriptor, ObjectNode payload) {
        List<Violation> violations = validator.validate(descriptor.outputSchemaUri(), payload);
        if (!violations.isEmpty()) {
            throw MigException.internal("the provider's answer does not match the output schema " + descriptor.outputSchemaUri())
                    .withReason(ErrorReason.PROVIDER_FAILED)
                    .withDetail("schema_uri", descriptor.outputSchemaUri())
                    .withDetail("violations", MigJson.mapper().valueToTree(violations));
        }
    }

    /**
     * What the provider gets. With tracing on, its {@code traceparent} is the provider span's, so the
     * provider's own spans become children of it; the caller's header, echoed back, is unchanged.
     */
    private InvocationContext context(Prepared prepared, CancellationSignal signal, long budgetMs, TraceSpan span,
                                      boolean completionMayBlock) {
        InvokeRequest request = prepared.request();
        String traceparent = span.traceparent();
        if (traceparent != null) {
            request = new InvokeRequest(request.header().withTraceparent(traceparent), request.capability(),
                    request.payload(), request.streamPreference());
        }
        return new InvocationContext(request, prepared.registration().descriptor(), prepared.scope().principal(),
                prepared.call(), clock.instant().plusMillis(budgetMs), clock, signal, completionMayBlock);
    }

    /** The client span around the provider call, a child of the operation's span (ended by the attempt at the latest). */
    private static TraceSpan providerSpan(Prepared prepared) {
        TraceSpan span = prepared.attempt().span().child(TraceSpan.OP_PROVIDER);
        if (span.traceparent() != null) {
            CapabilityRegistration registration = prepared.registration();
            span.target(registration.id());
            span.attribute(TraceSpan.CAPABILITY, registration.id());
            span.attribute(TraceSpan.PROVIDER_TYPE, registration.provider() == null ? "in_process"
                    : registration.provider().path("type").asText("in_process"));
        }
        prepared.attempt().providerSpan(span);
        return span;
    }

    /** The caller's deadline passed, or the provider's own {@code timeout_ms}, whichever came first. */
    private static MigException timeout(Prepared prepared, BoundProvider bound) {
        long deadlineMs = prepared.header().deadlineMs();
        long budgetMs = bound.options().budgetMs(deadlineMs);
        if (budgetMs >= deadlineMs) {
            return MigException.deadlineExceeded(deadlineMs);
        }
        return new MigException(ErrorCode.MIG_TIMEOUT, "the provider of '" + prepared.registration().id()
                + "' did not answer within its timeout of " + budgetMs + " ms")
                .withDetail("timeout_ms", budgetMs)
                .withDetail("deadline_ms", deadlineMs);
    }

    private static InvokeResponse replay(InvokeResponse stored, MessageHeader header) {
        ObjectNode meta = header.meta() == null ? MigJson.object() : header.meta().deepCopy();
        meta.put(REPLAY_META, true);
        return new InvokeResponse(header.withMeta(meta), stored.capability(), stored.payload().deepCopy(),
                stored.resultSchemaUri());
    }

    private Flow.Publisher<StreamFrame> openStream(Prepared asked, BoundProvider bound, String streamId,
                                                   boolean providerStreams, RunningInvocation handle) {
        // the provider learns the choice from the request it gets (an HTTP upstream from the envelope)
        Prepared prepared = providerStreams && asked.request().streamPreference() == null
                ? asked.withStreamPreference(StreamPreference.SERVER_STREAM) : asked;
        Attempt attempt = prepared.attempt();
        CapabilityDescriptor descriptor = prepared.registration().descriptor();
        CancellationSignal signal = new CancellationSignal();
        FrameStream frames = new FrameStream(prepared.header(), streamId, descriptor, signal, attempt, this);
        InFlight.Ticket ticket = inFlight.admit(prepared.tenant(), frames::cancel, frames::abort,
                prepared.header().messageId(), streamId);
        BoundProvider.Permit permit;
        try {
            permit = bound.admit();
        } catch (RuntimeException e) {
            ticket.close();
            throw e;
        }
        handle.running(frames::cancel);
        TraceSpan span = providerSpan(prepared);
        long budgetMs = bound.options().budgetMs(prepared.header().deadlineMs());
        DeadlineWheel.Timeout timer = deadlines.schedule(() -> frames.expire(timeout(prepared, bound)), budgetMs);
        frames.onEnd(() -> {
            timer.cancel();
            permit.close();
            ticket.close();
        });
        CapabilityProvider provider = bound.provider();
        Flow.Publisher<StreamItem> items;
        try {
            InvocationContext context = context(prepared, signal, budgetMs, span, true); // frames may block
            items = providerStreams ? provider.stream(context)
                    : Publishers.fromFuture(provider.invoke(context).thenApply(StreamItem::last));
        } catch (RuntimeException e) {
            items = Publishers.failed(e);
        }
        items.subscribe(frames);
        return frames.publisher();
    }

    record Prepared(CallContext call, RequestScope scope, CapabilityRegistration registration, InvokeRequest request,
                    Attempt attempt) {
        MessageHeader header() {
            return request.header();
        }

        String tenant() {
            return scope.tenant();
        }

        Prepared withStreamPreference(StreamPreference preference) {
            return new Prepared(call, scope, registration,
                    new InvokeRequest(request.header(), request.capability(), request.payload(), preference), attempt);
        }
    }
}
