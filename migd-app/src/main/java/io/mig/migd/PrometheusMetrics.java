package io.mig.migd;

import io.mig.binding.http.HttpRequestObserver;
import io.mig.binding.http.MetricsExposition;
import io.mig.core.error.ErrorCode;
import io.mig.core.model.Binding;
import io.mig.core.port.out.GatewayMetrics;
import io.mig.core.port.out.InvocationListener;
import io.mig.core.port.out.InvocationOutcome;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryPoolAllocationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmNativeMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The Prometheus adapter (SPEC §8.1): the guide's four metrics, the invocation and event metrics,
 * and JVM metrics, in one registry per process. It is every metrics port at once — the core's
 * {@link GatewayMetrics} and {@link InvocationListener}, the HTTP binding's request observer and
 * {@code /metrics} exposition. Labels stay bounded: route templates, never raw paths; capabilities
 * that do not exist are labelled {@code _unknown}.
 */
final class PrometheusMetrics implements GatewayMetrics, InvocationListener, HttpRequestObserver, MetricsExposition {
    static final String UNKNOWN = "_unknown";
    static final List<String> STREAM_TYPES = List.of("sse", "websocket", "grpc_bidi", "grpc_subscribe");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter httpRequests = Counter.builder().name("mig_gateway_http_requests_total")
            .help("HTTP requests by method, route template and status").labelNames("method", "path", "status").register(registry);
    private final Histogram httpDuration = Histogram.builder().name("mig_gateway_http_request_duration_seconds")
            .help("HTTP request duration by method and route template").labelNames("method", "path").classicOnly()
            .register(registry);
    private final Counter errors = Counter.builder().name("mig_gateway_errors_total")
            .help("MIG errors answered, by code and operation").labelNames("code", "operation").register(registry);
    private final Gauge activeStreams = Gauge.builder().name("mig_gateway_active_streams")
            .help("Open long-lived streams by type").labelNames("type").register(registry);
    private final Counter invocations = Counter.builder().name("mig_gateway_invocations_total")
            .help("INVOKE outcomes by capability, binding and outcome").labelNames("capability", "binding", "outcome")
            .register(registry);
    private final Histogram invocationDuration = Histogram.builder().name("mig_gateway_invocation_duration_seconds")
            .help("INVOKE duration by capability").labelNames("capability").classicOnly().register(registry);
    private final Counter eventsPublished = Counter.builder().name("mig_gateway_events_published_total")
            .help("Events published on any binding").register(registry);
    private final Counter backpressure = Counter.builder().name("mig_gateway_backpressure_total")
            .help("Subscribers or invocations refused or cut off for lack of capacity").register(registry);
    private final Counter boundHits = Counter.builder().name("mig_gateway_bound_hits_total")
            .help("Storage bounds hit (a request refused or old state evicted), by bound").labelNames("bound")
            .register(registry);

    /**
     * The invocation metrics' children of each capability, so that an outcome costs no label-set
     * lookup (a varargs array, a list and its hash per call in the client library). Bounded: past
     * {@link #MAX_CACHED_CAPABILITIES} capabilities the rest are looked up per call. The label values,
     * and so the series exposed, are exactly those of {@code labelValues} (the cache only remembers them).
     */
    static final int MAX_CACHED_CAPABILITIES = 10_000;
    private final ConcurrentHashMap<String, InvocationChildren> invocationChildren = new ConcurrentHashMap<>();
    private final int maxCachedCapabilities;

    /** One capability's histogram child and its counter children by binding label: [success, failure]. */
    private final class InvocationChildren {
        final String capability;
        final DistributionDataPoint duration;
        /** At most the built-in bindings, {@link #MAX_OTHER_BINDINGS} others, {@code other} and {@code unknown}. */
        final ConcurrentHashMap<String, AtomicReferenceArray<CounterDataPoint>> outcomes = new ConcurrentHashMap<>();

        InvocationChildren(String capability) {
            this.capability = capability;
            this.duration = invocationDuration.labelValues(capability);
        }

        void count(String binding, boolean success) {
            AtomicReferenceArray<CounterDataPoint> pair = outcomes.get(binding);
            if (pair == null) {
                pair = outcomes.computeIfAbsent(binding, b -> new AtomicReferenceArray<>(2));
            }
            int slot = success ? 0 : 1;
            CounterDataPoint counter = pair.get(slot);
            if (counter == null) {
                // created when first counted, as labelValues does: no series for an outcome not seen yet
                counter = invocations.labelValues(capability, binding, success ? "success" : "failure");
                pair.set(slot, counter);
            }
            counter.inc();
        }
    }

    /** Names of bindings of your own that label {@code mig_gateway_invocations_total} (see {@link #bindingLabel}). */
    private static final int MAX_OTHER_BINDINGS = 8;
    private final Set<String> otherBindings = java.util.concurrent.ConcurrentHashMap.newKeySet();

    PrometheusMetrics() {
        this(MAX_CACHED_CAPABILITIES);
    }

    /** With the children of at most {@code maxCachedCapabilities} capabilities cached (tests try a small bound). */
    PrometheusMetrics(int maxCachedCapabilities) {
        this.maxCachedCapabilities = maxCachedCapabilities;
        registerJvmMetrics(registry);
        STREAM_TYPES.forEach(type -> activeStreams.labelValues(type).set(0));
    }

    /**
     * What {@code JvmMetrics} registers, except that the native-memory metrics are asked for only
     * when native memory tracking is on: without it they export nothing, yet finding that out runs a
     * diagnostic command that cost 9 % of the main thread's start-up (issue #12, P7).
     */
    private static void registerJvmMetrics(PrometheusRegistry registry) {
        JvmThreadsMetrics.builder().register(registry);
        JvmBufferPoolMetrics.builder().register(registry);
        JvmClassLoadingMetrics.builder().register(registry);
        JvmCompilationMetrics.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        JvmMemoryPoolAllocationMetrics.builder().register(registry);
        JvmMemoryMetrics.builder().register(registry);
        if (nativeMemoryTracking()) {
            JvmNativeMemoryMetrics.builder().register(registry);
        }
        JvmRuntimeInfoMetric.builder().register(registry);
        ProcessMetrics.builder().register(registry);
    }

    private static boolean nativeMemoryTracking() {
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("-XX:NativeMemoryTracking=") && !argument.endsWith("=off")) {
                return true;
            }
        }
        return false;
    }

    // --- core ---------------------------------------------------------------------------------------

    @Override
    public void error(ErrorCode code, String operation) {
        errors.labelValues(code.name(), operation).inc();
    }

    @Override
    public void eventPublished(String tenant, String topic) {
        eventsPublished.inc();
    }

    @Override
    public void boundHit(String bound) {
        boundHits.labelValues(bound).inc();
    }

    @Override
    public void backpressure() {
        backpressure.inc();
    }

    @Override
    public void activeStreams(String type, int delta) {
        activeStreams.labelValues(STREAM_TYPES.contains(type) ? type : "other").inc(delta);
    }

    @Override
    public void onOutcome(InvocationOutcome outcome) {
        String capability = outcome.known() && outcome.capability() != null ? outcome.capability() : UNKNOWN;
        String binding = bindingLabel(outcome.binding());
        InvocationChildren children = invocationChildren.get(capability);
        if (children == null && invocationChildren.size() < maxCachedCapabilities) {
            children = invocationChildren.computeIfAbsent(capability, InvocationChildren::new);
        }
        if (children != null) {
            children.count(binding, outcome.success());
            children.duration.observe(outcome.durationNanos() / 1e9);
        } else { // past the cache's bound: looked up per call
            invocations.labelValues(capability, binding, outcome.success() ? "success" : "failure").inc();
            invocationDuration.labelValues(capability).observe(outcome.durationNanos() / 1e9);
        }
        if (outcome.code() == ErrorCode.MIG_BACKPRESSURE) {
            backpressure.inc();
        }
    }

    /**
     * The binding's name as a label value. Bindings name themselves (a binding of your own is
     * {@code tcp}, say), so the label set is kept bounded here: the built-in names always, and the
     * first {@link #MAX_OTHER_BINDINGS} other names seen; any further name counts as {@code other}.
     */
    private String bindingLabel(Binding binding) {
        if (binding == null) {
            return "unknown";
        }
        if (binding.builtIn() || otherBindings.contains(binding.wire())) {
            return binding.wire();
        }
        synchronized (otherBindings) {
            if (otherBindings.size() < MAX_OTHER_BINDINGS) {
                otherBindings.add(binding.wire());
                return binding.wire();
            }
        }
        return "other";
    }

    // --- HTTP binding ---------------------------------------------------------------------------------

    @Override
    public void requestCompleted(String method, String route, int status, double seconds) {
        httpRequests.labelValues(method, route, Integer.toString(status)).inc();
        httpDuration.labelValues(method, route).observe(seconds);
    }

    @Override
    public String contentType() {
        return writer.getContentType();
    }

    @Override
    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    /** Invocations of a capability recorded so far, read from a real scrape (the conformance check uses it). */
    double invocationsOf(String capability) {
        double total = 0;
        for (MetricSnapshot snapshot : registry.scrape(name -> name.startsWith("mig_gateway_invocations"))) {
            if (!snapshot.getMetadata().getName().equals("mig_gateway_invocations")) {
                continue;
            }
            for (var point : snapshot.getDataPoints()) {
                if (capability.equals(point.getLabels().get("capability"))
                        && point instanceof io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot c) {
                    total += c.getValue();
                }
            }
        }
        return total;
    }
}
