package io.mig.migd;

import io.mig.core.id.Traceparent;
import io.mig.core.model.Binding;
import io.mig.core.port.out.TraceSpan;
import io.mig.core.port.out.Tracing;
import io.mig.core.spi.Settings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The core's {@link Tracing} port on the OpenTelemetry SDK: spans are batched and exported over
 * OTLP/HTTP as the standard {@code OTEL_*} variables say. {@link #from} returns
 * {@link Tracing#NONE} — no SDK at all — unless an OTLP endpoint (or a traces exporter) is set.
 */
final class OtelTracing implements Tracing, AutoCloseable {
    static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
    static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
    static final AttributeKey<String> BINDING = AttributeKey.stringKey("mig.binding");
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    private static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");
    private static final String INSTRUMENTATION_SCOPE = "io.mig.migd";
    /** Held, because java.util.logging keeps its loggers (and their levels) only while someone does. */
    private static final java.util.logging.Logger AUTOCONFIGURE_LOG =
            java.util.logging.Logger.getLogger("io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder");

    /**
     * The variables migd reads itself (to decide whether to trace) and hands to the SDK, so that
     * settings given as a map (embedding, tests) count as the environment does. The SDK reads every
     * other {@code OTEL_*} variable from the environment itself.
     */
    static final List<String> SETTINGS = List.of("OTEL_SDK_DISABLED", "OTEL_TRACES_EXPORTER",
            "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL",
            "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TIMEOUT",
            "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES", "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG",
            "OTEL_BSP_SCHEDULE_DELAY", "OTEL_BSP_MAX_QUEUE_SIZE", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE",
            "OTEL_BSP_EXPORT_TIMEOUT");

    private final OpenTelemetrySdk sdk;
    private final Tracer tracer;
    private final String endpoint;

    private OtelTracing(OpenTelemetrySdk sdk, String endpoint) {
        this.sdk = sdk;
        this.endpoint = endpoint;
        this.tracer = sdk.getTracer(INSTRUMENTATION_SCOPE, Version.current());
    }

    /**
     * Tracing as the settings ask: on when {@code OTEL_EXPORTER_OTLP_ENDPOINT},
     * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} or {@code OTEL_TRACES_EXPORTER} is set, unless
     * {@code OTEL_TRACES_EXPORTER=none} or {@code OTEL_SDK_DISABLED=true}.
     *
     * @throws ConfigException when the SDK refuses its configuration (e.g. a protocol this build lacks)
     */
    static Tracing from(Settings settings) {
        if (settings.get("OTEL_SDK_DISABLED").map(v -> v.trim().equalsIgnoreCase("true")).orElse(false)) {
            return Tracing.NONE;
        }
        String exporter = settings.get("OTEL_TRACES_EXPORTER").map(v -> v.trim().toLowerCase(Locale.ROOT)).orElse(null);
        String endpoint = settings.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
                .or(() -> settings.get("OTEL_EXPORTER_OTLP_ENDPOINT")).orElse(null);
        if ("none".equals(exporter) || (exporter == null && endpoint == null)) {
            return Tracing.NONE;
        }
        if (exporter != null && !exporter.equals("otlp")) {
            throw new ConfigException("OTEL_TRACES_EXPORTER: '" + exporter + "' is not available in migd; use 'otlp' or 'none'");
        }
        String protocol = settings.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL").or(() -> settings.get("OTEL_EXPORTER_OTLP_PROTOCOL"))
                .map(String::trim).orElse("http/protobuf");
        if (protocol.equalsIgnoreCase("grpc")) {
            throw new ConfigException("OTEL_EXPORTER_OTLP_PROTOCOL: migd exports OTLP over HTTP; use 'http/protobuf' "
                    + "(the collector's port 4318), not 'grpc'");
        }
        // on a refused configuration the SDK also logs that it closes what it built: migd's one error line says it all
        AUTOCONFIGURE_LOG.setLevel(java.util.logging.Level.WARNING);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("otel.exporter.otlp.protocol", "http/protobuf");
        for (String name : SETTINGS) {
            settings.get(name).ifPresent(value -> properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value));
        }
        try {
            OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesSupplier(() -> properties)
                    // migd's metrics are Prometheus' (GET /metrics) and its logs its own: OTLP carries traces only
                    .addPropertiesCustomizer(config -> Map.of("otel.metrics.exporter", "none", "otel.logs.exporter", "none"))
                    .addResourceCustomizer((resource, config) -> named(resource))
                    // Migd.stop flushes the spans after the bindings have drained; the SDK's own hook would race it
                    .disableShutdownHook()
                    .build()
                    .getOpenTelemetrySdk();
            return new OtelTracing(sdk, endpoint == null ? "http://localhost:4318" : endpoint);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new ConfigException("OTEL_*: the OpenTelemetry SDK refused its configuration: " + e.getMessage()
                    + (root == e ? "" : " (" + root.getMessage() + ")"));
        }
    }

    /** {@code service.name} is {@code migd} unless OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES name it. */
    private static Resource named(Resource resource) {
        String name = resource.getAttribute(SERVICE_NAME);
        Resource ours = Resource.builder()
                .put(SERVICE_NAME, name == null || name.startsWith("unknown_service") ? "migd" : name)
                .put(SERVICE_VERSION, Version.current())
                .build();
        return resource.merge(ours);
    }

    @Override
    public TraceSpan start(String operation, Binding binding, String parentTraceparent) {
        Span span = tracer.spanBuilder(operation)
                .setParent(parent(parentTraceparent))
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(RPC_SYSTEM, "mig")
                .setAttribute(RPC_METHOD, OtelSpan.method(operation))
                .setAttribute(BINDING, binding == null ? null : binding.wire())
                .startSpan();
        return new OtelSpan(tracer, span, operation);
    }

    /** The caller's span as a remote parent; none (a new trace) when the value is absent or not valid W3C syntax. */
    private static Context parent(String traceparent) {
        if (!Traceparent.isValid(traceparent)) {
            return Context.root();
        }
        SpanContext remote = SpanContext.createFromRemoteParent(traceparent.substring(3, 35),
                traceparent.substring(36, 52), TraceFlags.fromHex(traceparent, 53), TraceState.getDefault());
        return Context.root().with(Span.wrap(remote));
    }

    /** For the start-up summary. */
    String describe() {
        return "otlp " + endpoint;
    }

    /** Exports what is still queued, then stops the SDK (bounded, so a dead collector cannot hold up the exit). */
    @Override
    public void close() {
        sdk.shutdown().join(5, TimeUnit.SECONDS);
    }
}
