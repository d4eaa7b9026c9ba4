package io.mig.core.gateway;

import io.mig.core.demo.DemoCapability;
import io.mig.core.id.Ids;
import io.mig.core.model.Binding;
import io.mig.core.model.CancelAck;
import io.mig.core.model.CancelRequest;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.DiscoverRequest;
import io.mig.core.model.DiscoverResponse;
import io.mig.core.model.EventMessage;
import io.mig.core.model.HeartbeatAck;
import io.mig.core.model.HeartbeatRequest;
import io.mig.core.model.HelloRequest;
import io.mig.core.model.HelloResponse;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.InvokeResponse;
import io.mig.core.model.PublishAck;
import io.mig.core.model.PublishRequest;
import io.mig.core.model.StreamFrame;
import io.mig.core.model.SubscribeRequest;
import io.mig.core.port.in.AnswerForm;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.InvocationHandle;
import io.mig.core.port.out.AuditSink;
import io.mig.core.port.out.Authenticator;
import io.mig.core.port.out.CancellationStore;
import io.mig.core.port.out.CapabilityRegistration;
import io.mig.core.port.out.CapabilityStore;
import io.mig.core.port.out.ConnectionRegistry;
import io.mig.core.port.out.EventLog;
import io.mig.core.port.out.GatewayMetrics;
import io.mig.core.port.out.IdempotencyStore;
import io.mig.core.port.out.InvocationListener;
import io.mig.core.port.out.QuotaGate;
import io.mig.core.port.out.SchemaValidator;
import io.mig.core.port.out.Tracing;
import io.mig.core.spi.BindingGateway;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.ProviderFactory;
import io.mig.core.spi.ProviderOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A MIG gateway: the four protocol ports over pluggable stores, in one object that any binding —
 * or your own code — calls.
 *
 * <pre>{@code
 * MigGateway gateway = MigGateway.builder()
 *         .capability(descriptor, context -> CompletableFuture.completedFuture(answer(context.payload())))
 *         .build();
 * InvokeResponse response = gateway.invoke(CallContext.of(Binding.HTTP, Credentials.tenant("acme")),
 *         new InvokeRequest(null, descriptor.id(), payload, null)).join();
 * }</pre>
 *
 * Everything has an in-memory default; {@link #close()} stops the gateway's timers.
 */
public final class MigGateway implements BindingGateway, AutoCloseable {
    /** The tenant of the gateway's own calls ({@link #internalCall}); its data is the gateway's, not a customer's. */
    public static final String INTERNAL_TENANT = "mig-internal";
    public static final String INTERNAL_ACTOR = "migd";

    private final HeaderResolver headers;
    private final DiscoveryService discovery;
    private final CapabilityIndex index;
    private final InvocationService invocation;
    private final EventService events;
    private final ControlService control;
    private final GatewayRegistry registry;
    private final GatewayRuntime runtime;
    private final InternalCallers internalCallers;
    private final ConnectionRegistry connections;
    private final AuditSink audit;
    private final ErrorRecorder errors;
    private final Authenticator authenticator;
    private final GatewayMetrics metrics;
    private final Tracing tracing;
    private final GatewayLimits limits;
    private final Clock clock;
    private final String serverId;
    private final boolean validatesSchemas;
    private final boolean pipelineWithoutBlocking;
    private final StoreWatches watches;
    private final ConnectionLeases leases;

    private MigGateway(Builder b) {
        this.clock = b.clock;
        this.limits = b.limits;
        this.serverId = b.serverId != null ? b.serverId : Ids.random("migd");
        CapabilityStore capabilities = b.capabilityStore != null ? b.capabilityStore : DefaultStores.capabilities();
        this.connections = b.connections != null ? b.connections : DefaultStores.connections();
        this.audit = b.auditSink != null ? b.auditSink : DefaultStores.audit();
        this.authenticator = b.authenticator;
        this.metrics = b.metrics;
        this.tracing = b.tracing;
        this.validatesSchemas = b.schemaValidator != SchemaValidator.NONE;
        this.pipelineWithoutBlocking = b.pipelineWithoutBlocking;
        this.runtime = new GatewayRuntime(limits.maxInflight());
        this.internalCallers = new InternalCallers(b.authenticator);
        this.registry = new GatewayRegistry(capabilities, new ProviderResolver(b.factories));
        this.headers = new HeaderResolver(internalCallers, limits, clock);
        EventLog log = b.eventLog != null ? b.eventLog : DefaultStores.eventLog(limits, clock, metrics);
        IdempotencyStore idempotency = b.idempotency != null ? b.idempotency : DefaultStores.idempotency(limits, clock, metrics);
        CancellationStore cancellations = b.cancellations != null ? b.cancellations : DefaultStores.cancellations(limits, clock);
        List<InvocationListener> listeners = new CopyOnWriteArrayList<>();
        listeners.add(new OutcomeAudit(audit, metrics, clock));
        listeners.addAll(b.listeners);
        InFlight inFlight = runtime.inFlight();
        this.invocation = new InvocationService(headers, registry.lookup(), registry.providers(), b.schemaValidator,
                b.quotaGate, idempotency, cancellations, inFlight, runtime.deadlines(), listeners, tracing, clock,
                b.pipelineWithoutBlocking);
        this.errors = new ErrorRecorder(metrics, invocation);
        OperationSpans spans = new OperationSpans(tracing);
        this.leases = new ConnectionLeases(connections, metrics, runtime.scheduler(), clock);
        this.events = new EventService(headers, log, runtime.delivery(), runtime.lanes(), metrics, limits, List.copyOf(b.publishListeners), spans,
                leases);
        this.control = new ControlService(headers, inFlight, cancellations, spans);
        this.index = new CapabilityIndex(capabilities);
        this.watches = new StoreWatches(capabilities, registry.providers(), cancellations, inFlight);
        this.discovery = new DiscoveryService(headers, index, runtime::enabledBindings,
                this::features, b.profiles, serverId, spans);
        b.inProcess.forEach((descriptor, bound) -> register(descriptor, bound.provider(), bound.options()));
    }

    public static Builder builder() {
        return new Builder();
    }

    // --- protocol ports -------------------------------------------------------------------------

    @Override
    public HelloResponse hello(CallContext call, HelloRequest request) {
        return discovery.hello(call, request);
    }

    @Override
    public DiscoverResponse discover(CallContext call, DiscoverRequest request) {
        return discovery.discover(call, request);
    }

    @Override
    public InvocationHandle start(CallContext call, InvokeRequest request, AnswerForm form) {
        return invocation.start(call, request, form);
    }

    @Override
    public CompletableFuture<InvokeResponse> invoke(CallContext call, InvokeRequest request) {
        return invocation.invoke(call, request);
    }

    @Override
    public boolean invokesWithoutBlocking(String capability) {
        if (!pipelineWithoutBlocking || capability == null) {
            return false;
        }
        return registry.lookup().find(capability).map(registry.providers()::answersWithoutBlocking).orElse(false);
    }

    @Override
    public CompletableFuture<Flow.Publisher<StreamFrame>> stream(CallContext call, InvokeRequest request, String streamId) {
        return invocation.stream(call, request, streamId);
    }

    @Override
    public boolean prefersStream(InvokeRequest request, boolean transportAsksForStream) {
        return invocation.prefersStream(request, transportAsksForStream);
    }

    @Override
    public PublishAck publish(CallContext call, PublishRequest request) {
        return events.publish(call, request);
    }

    @Override
    public Flow.Publisher<EventMessage> subscribe(CallContext call, SubscribeRequest request) {
        return events.subscribe(call, request);
    }

    @Override
    public CancelAck cancel(CallContext call, CancelRequest request) {
        return control.cancel(call, request);
    }

    @Override
    public HeartbeatAck heartbeat(CallContext call, HeartbeatRequest request) {
        return control.heartbeat(call, request);
    }

    // --- long-lived calls of bindings ------------------------------------------------------------

    /**
     * Opens a multiplexed stream connection (a WebSocket, a gRPC {@code StreamInvoke} call): the
     * caller is authenticated (the MIG error is thrown when refused), the connection registered under
     * {@code labels}, and {@code maxStreams} streams may run on it at once. See {@link StreamSession}.
     */
    @Override
    public StreamSession openStreamSession(CallContext call, ConnectionLabels labels, int maxStreams, FrameSink sink) {
        return StreamSession.open(this, leases, call, labels, maxStreams, sink);
    }

    /**
     * SUBSCRIBE for a long-lived call (SSE, gRPC {@code Subscribe}): like {@link #subscribe}, and the
     * subscription also registers the call under {@code labels}, counts it in the gauge and ends it
     * with {@code MIG_UNAUTHORIZED} when the caller's credentials expire. See {@link EventSubscription}.
     */
    @Override
    public EventSubscription openSubscription(CallContext call, SubscribeRequest request, ConnectionLabels labels) {
        return events.open(call, request, labels);
    }

    /** Timers scheduled and not yet run or cancelled: deadlines and credential expiries (tests). */
    int pendingTimers() {
        return ((ScheduledThreadPoolExecutor) runtime.scheduler()).getQueue().size() + runtime.deadlines().scheduled();
    }

    /**
     * Authenticates a transport-level call and resolves its tenant, as a stream's upgrade needs
     * (SPEC §3.2): the same checks as every operation, without a body.
     */
    @Override
    public Caller identify(CallContext call) {
        RequestScope scope = headers.resolveTransport(call);
        return new Caller(scope.principal(), scope.tenant());
    }

    /**
     * Authenticates a call and resolves its tenant as an operation carrying {@code header} would
     * (SPEC §3.2: the tenant may come from the transport, the header or the token) — for a binding
     * that registers a long-lived call, e.g. a subscription, before the core runs it.
     */
    @Override
    public Caller identify(CallContext call, io.mig.core.model.MessageHeader header) {
        RequestScope scope = headers.resolve(call, header);
        return new Caller(scope.principal(), scope.tenant());
    }

    // --- registry ----------------------------------------------------------------------------------

    /**
     * Registers or replaces a capability routed by its {@code provider} block (or, with none, to an
     * in-process provider bound earlier). The block is checked by building its provider, so a wrong
     * block is refused here, not at the first call. Returns true when the id is new.
     */
    public boolean register(CapabilityRegistration registration) {
        return registry.register(registration);
    }

    /**
     * Checks a registration as {@link #register(CapabilityRegistration)} does (descriptor rules,
     * reserved ids, building its provider) without storing or binding anything: for a caller that must
     * know a whole batch is valid before it changes any of it, such as a reload of the configuration file.
     *
     * @throws io.mig.core.error.MigException {@code MIG_INVALID_REQUEST} naming the field, as {@code register} would
     */
    public void check(CapabilityRegistration registration) {
        registry.check(registration);
    }

    /** Registers or replaces a capability served by an in-process provider. Returns true when new. */
    public boolean register(CapabilityDescriptor descriptor, CapabilityProvider provider) {
        return register(descriptor, provider, ProviderOptions.DEFAULTS);
    }

    /**
     * Registers or replaces a capability served by an in-process provider, with its bulkhead and
     * timeout ({@code forwardAuthorization} means nothing in-process: the provider sees the call).
     * Returns true when new.
     */
    public boolean register(CapabilityDescriptor descriptor, CapabilityProvider provider, ProviderOptions options) {
        return registry.register(descriptor, provider, options);
    }

    /** Removes a capability and its provider; true when it existed. */
    public boolean unregister(String capabilityId) {
        return registry.unregister(capabilityId);
    }

    /**
     * Registers a capability the gateway uses itself (e.g. conformance self-probes): invocable through
     * the usual pipeline, never listed by DISCOVER or the registry, and its id cannot be registered
     * by anyone else.
     */
    public void registerInternal(CapabilityDescriptor descriptor, CapabilityProvider provider) {
        registry.registerInternal(descriptor, provider);
    }

    /**
     * A call authenticated as the gateway itself, tenant {@link #INTERNAL_TENANT}, in every auth
     * mode: for self-probes that must exercise the real pipeline.
     */
    public CallContext internalCall(Binding binding) {
        return new CallContext(binding, internalCallers.credentials(), "internal");
    }

    /**
     * Where bindings record the errors they answer (counted) and the INVOKEs they refuse before
     * the pipeline (audited), so that every binding's errors are seen alike.
     */
    @Override
    public ErrorRecorder errors() {
        return errors;
    }

    @Override
    public CapabilityStore capabilities() {
        return registry.store();
    }

    @Override
    public ConnectionRegistry connections() {
        return connections;
    }

    public AuditSink auditSink() {
        return audit;
    }

    @Override
    public Authenticator authenticator() {
        return authenticator;
    }

    @Override
    public GatewayMetrics metrics() {
        return metrics;
    }

    /** Where the spans go; {@link Tracing#NONE} unless the builder was given one. */
    public Tracing tracing() {
        return tracing;
    }

    public GatewayLimits limits() {
        return limits;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public String serverId() {
        return serverId;
    }

    // --- runtime state ---------------------------------------------------------------------------

    /**
     * A binding tells the gateway it serves, under the name it declares (e.g. {@code Binding.of("tcp")}),
     * so HELLO can select it.
     */
    @Override
    public void bindingStarted(Binding binding) {
        runtime.bindingStarted(Objects.requireNonNull(binding, "binding"));
    }

    @Override
    public void bindingStopped(Binding binding) {
        runtime.bindingStopped(binding);
    }

    /** The bindings started and not stopped, by the names they declared. */
    public Set<Binding> enabledBindings() {
        return runtime.enabledBindings();
    }

    /** True when this instance keeps a provider built from the capability's {@code provider} block (tests). */
    boolean hasBuiltProvider(String capabilityId) {
        return registry.providers().hasBuilt(capabilityId);
    }

    /** Invocations and streams in flight now. */
    @Override
    public int inFlight() {
        return runtime.inFlight().running();
    }

    /**
     * Ends every invocation and stream still running with {@code cause} — at the end of a shutdown's
     * drain, a retryable {@code MIG_UNAVAILABLE} — before the bindings close their listeners, so each
     * caller gets an answer and the audit records the same outcome. Returns how many were ended.
     */
    @Override
    public int abortInFlight(io.mig.core.error.MigException cause) {
        return runtime.inFlight().abortAll(cause);
    }

    /** In-flight work over capacity, as HEARTBEAT reports it. */
    @Override
    public double loadFactor() {
        return control.loadFactor();
    }

    /** The features HELLO offers: what this gateway really does. */
    public List<String> features() {
        List<String> features = new ArrayList<>(List.of("streaming", "events.replay", "idempotency", "cancel", "heartbeat"));
        if (validatesSchemas) {
            features.add("schema_validation");
        }
        return features;
    }

    @Override
    public void close() {
        try {
            index.close();
        } catch (Exception e) {
            // the store could not stop telling the index of changes: nothing of ours to release
        }
        watches.close();
        runtime.close();
    }

    /** Builds a {@link MigGateway}; every setting is optional. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private GatewayLimits limits = GatewayLimits.DEFAULTS;
        private String serverId;
        private Authenticator authenticator = Authenticator.open();
        private CapabilityStore capabilityStore;
        private EventLog eventLog;
        private IdempotencyStore idempotency;
        private CancellationStore cancellations;
        private ConnectionRegistry connections;
        private SchemaValidator schemaValidator = SchemaValidator.NONE;
        private QuotaGate quotaGate = QuotaGate.UNLIMITED;
        private AuditSink auditSink;
        private GatewayMetrics metrics = GatewayMetrics.NONE;
        private Tracing tracing = Tracing.NONE;
        private Supplier<List<String>> profiles = List::of;
        private boolean pipelineWithoutBlocking;
        private final List<InvocationListener> listeners = new ArrayList<>();
        private final List<Consumer<EventMessage>> publishListeners = new ArrayList<>();
        private final Map<String, ProviderFactory> factories = new LinkedHashMap<>();
        private final Map<CapabilityDescriptor, InProcess> inProcess = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value);
            return this;
        }

        public Builder limits(GatewayLimits value) {
            this.limits = Objects.requireNonNull(value);
            return this;
        }

        public Builder serverId(String value) {
            this.serverId = value;
            return this;
        }

        public Builder authenticator(Authenticator value) {
            this.authenticator = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Where registrations live (default: in memory). A store shared with other instances is
         * watched: a capability changed elsewhere drops the provider this instance built from it.
         */
        public Builder capabilityStore(CapabilityStore value) {
            this.capabilityStore = value;
            return this;
        }

        /** Where events are retained and numbered (default: in memory, bounded by {@link GatewayLimits}). */
        public Builder eventLog(EventLog value) {
            this.eventLog = value;
            return this;
        }

        /** Where idempotency claims and results live (default: in memory, bounded by {@link GatewayLimits}). */
        public Builder idempotencyStore(IdempotencyStore value) {
            this.idempotency = value;
            return this;
        }

        /**
         * Where cancellations of work not in flight here are recorded (default: in memory). A store
         * shared with other instances is watched: a CANCEL received by another instance aborts the
         * invocation running on this one.
         */
        public Builder cancellationStore(CancellationStore value) {
            this.cancellations = value;
            return this;
        }

        public Builder connectionRegistry(ConnectionRegistry value) {
            this.connections = value;
            return this;
        }

        public Builder schemaValidator(SchemaValidator value) {
            this.schemaValidator = Objects.requireNonNull(value);
            return this;
        }

        public Builder quotaGate(QuotaGate value) {
            this.quotaGate = Objects.requireNonNull(value);
            return this;
        }

        public Builder auditSink(AuditSink value) {
            this.auditSink = value;
            return this;
        }

        public Builder metrics(GatewayMetrics value) {
            this.metrics = Objects.requireNonNull(value);
            return this;
        }

        /** Traces every operation on every binding (SPEC §8.4); {@link Tracing#NONE}, the default, records nothing. */
        public Builder tracing(Tracing value) {
            this.tracing = Objects.requireNonNull(value);
            return this;
        }

        /** Where HELLO's {@code profiles} come from (the live conformance checks of the control plane). */
        public Builder profiles(Supplier<List<String>> value) {
            this.profiles = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Declares that every part given to this builder that an INVOKE passes through — the
         * authenticator, the stores, the schema validator, the quota gate, the audit sink, the
         * listeners, the tracing — answers without waiting for I/O or another thread (in memory, as the
         * defaults are). Bindings may then run an INVOKE of a provider that
         * {@linkplain CapabilityProvider#answersWithoutBlocking answers without blocking} on their
         * transport thread ({@link MigGateway#invokesWithoutBlocking}), and an asynchronous provider may
         * complete a unary call on its own I/O thread when the transport writes the answer without
         * blocking ({@link io.mig.core.spi.InvocationContext#completionMayBlock()}). Default false:
         * every INVOKE may block.
         */
        public Builder pipelineWithoutBlocking(boolean value) {
            this.pipelineWithoutBlocking = value;
            return this;
        }

        public Builder listener(InvocationListener value) {
            listeners.add(Objects.requireNonNull(value));
            return this;
        }

        /** Told of every published event, after it is stored (event mirroring hooks in here). */
        public Builder onPublish(Consumer<EventMessage> value) {
            publishListeners.add(Objects.requireNonNull(value));
            return this;
        }

        public Builder providerFactory(ProviderFactory factory) {
            factories.put(factory.type(), factory);
            return this;
        }

        /** Adds every {@link ProviderFactory} on the class path ({@code META-INF/services}). */
        public Builder discoverProviderFactories() {
            java.util.ServiceLoader.load(ProviderFactory.class).forEach(this::providerFactory);
            return this;
        }

        /** Registers a capability served in-process, with the default bulkhead (64 calls at once). */
        public Builder capability(CapabilityDescriptor descriptor, CapabilityProvider provider) {
            return capability(descriptor, provider, ProviderOptions.DEFAULTS);
        }

        /** Registers a capability served in-process, with its bulkhead and timeout. */
        public Builder capability(CapabilityDescriptor descriptor, CapabilityProvider provider, ProviderOptions options) {
            inProcess.put(Objects.requireNonNull(descriptor),
                    new InProcess(Objects.requireNonNull(provider), Objects.requireNonNull(options)));
            return this;
        }

        /** Registers the demo capability {@code observatory.models.infer} (SPEC §4.6). */
        public Builder demoCapability() {
            return capability(DemoCapability.DESCRIPTOR, new DemoCapability());
        }

        public MigGateway build() {
            return new MigGateway(this);
        }

        private record InProcess(CapabilityProvider provider, ProviderOptions options) {
        }
    }

}
