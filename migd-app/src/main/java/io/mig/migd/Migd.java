package io.mig.migd;

import io.mig.admin.ControlPlane;
import io.mig.admin.audit.JsonlAuditSink;
import io.mig.admin.conformance.ConformanceCheck;
import io.mig.admin.conformance.Profile;
import io.mig.admin.conformance.SelfCheckSuite;
import io.mig.admin.connections.ConnectionView;
import io.mig.admin.identity.JwtAuthenticator;
import io.mig.binding.http.HttpRequestObserver;
import io.mig.binding.http.MetricsExposition;
import io.mig.core.gateway.MigGateway;
import io.mig.core.port.out.Authenticator;
import io.mig.core.port.out.Tracing;
import io.mig.core.spi.BindingContext;
import io.mig.core.spi.MigBinding;
import io.mig.core.spi.MigBindingProvider;
import io.mig.core.spi.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One migd process: the gateway, the control-plane services, and every enabled binding found on
 * the class path. {@link #create} checks everything and opens nothing; {@link #start} opens the
 * ports; {@link #stop} drains and closes.
 */
public final class Migd {
    private static final System.Logger LOG = System.getLogger("migd");

    private final MigdConfig config;
    private final MigGateway gateway;
    private final List<MigBinding> bindings;
    private final Map<String, Boolean> startedChecks;
    private final List<AutoCloseable> resources;
    private final ConfigReloader reloader;
    private volatile boolean stopped;

    private Migd(MigdConfig config, MigGateway gateway, List<MigBinding> bindings, List<AutoCloseable> resources,
                 Map<String, Boolean> startedChecks, ConfigReloader reloader) {
        this.config = config;
        this.gateway = gateway;
        this.bindings = bindings;
        this.resources = resources;
        this.startedChecks = startedChecks;
        this.reloader = reloader;
    }

    /**
     * Builds the process from settings without opening any port.
     *
     * @throws ConfigException naming the setting when the configuration cannot work
     */
    public static Migd create(Settings settings) {
        MigdConfig config = MigdConfig.from(settings);
        if (!config.state().jetstream()) {
            return create(config, settings, null, new ArrayList<>());
        }
        StateConnection state = StateConnection.open(config.state());
        try {
            return create(config, withSharedSessionKey(settings, state, config.state()), state, new ArrayList<>());
        } catch (RuntimeException e) {
            state.close();
            throw e;
        }
    }

    private static Migd create(MigdConfig config, Settings settings, StateConnection state, List<AutoCloseable> resources) {
        Tracing tracing = OtelTracing.from(settings);
        if (tracing instanceof OtelTracing sdk) {
            resources.add(sdk); // closed after the bindings have drained: the spans of the drain are exported too
        }
        Authenticator authenticator = Authenticator.open();
        if (config.authMode().equals(MigdConfig.AUTH_JWT)) {
            JwtAuthenticator jwt = JwtSettings.authenticator(settings);
            resources.add(jwt);
            authenticator = jwt;
        }
        JsonlAuditSink file = null;
        if (config.auditLogPath().isPresent()) {
            try {
                file = new JsonlAuditSink(config.auditLogPath().get());
            } catch (RuntimeException e) {
                throw new ConfigException("MIGD_AUDIT_LOG_PATH: " + e.getMessage());
            }
            resources.add(file);
        }
        MigGateway.Builder builder = MigGateway.builder()
                .serverId(config.state().instanceId())
                .limits(config.limits())
                .authenticator(authenticator)
                .discoverProviderFactories();
        if (config.demoCapabilities()) {
            builder.demoCapability();
        }
        // nothing an INVOKE passes through waits for I/O: state in memory, no audit file, no JWKS to fetch
        builder.pipelineWithoutBlocking(!config.state().jetstream() && config.auditLogPath().isEmpty()
                && settings.get(JwtSettings.JWKS_URL).isEmpty());
        List<MigBindingProvider> providers;
        try {
            providers = EnabledBindings.select(settings, bindingProviders(settings));
        } catch (ConfigException e) {
            closeAll(resources);
            throw e;
        }
        for (MigBindingProvider provider : providers) {
            try {
                provider.prepare(settings, builder);
            } catch (IllegalArgumentException e) {
                closeAll(resources);
                throw new ConfigException(e.getMessage());
            }
        }
        ControlPlane.Builder controlPlaneBuilder = ControlPlane.builder().auditSink(file);
        PrometheusMetrics exposition = null; // none: no /metrics, no request observer
        if (config.metricsEnabled()) {
            PrometheusMetrics metrics = new PrometheusMetrics();
            builder.metrics(metrics).listener(metrics);
            controlPlaneBuilder.check(metricsCheck(metrics));
            exposition = metrics;
        }
        builder.tracing(tracing);
        if (state != null) {
            resources.addAll(JetStreamState.plug(state, config.state(), config.limits(), builder, controlPlaneBuilder)
                    .closeables());
        }
        ControlPlane controlPlane = controlPlaneBuilder.build(builder);
        MigGateway gateway = controlPlane.gateway();
        resources.add(0, gateway);
        resources.add(controlPlane.mcpServers()); // stops listening to federated MCP servers
        if (config.demoCapabilities()) {
            controlPlane.registerDemoSchemas();
        }
        ConfigReloader reloader = null; // none without MIGD_CONFIG_FILE
        Optional<String> configFile = settings.get(ConfigFile.SETTING);
        if (configFile.isPresent()) {
            try {
                reloader = ConfigReloader.load(configFile.get(), controlPlane,
                        MigdConfig.bool(settings, ConfigReloader.SETTING, true));
            } catch (ConfigException e) {
                closeAll(resources);
                throw e;
            }
            resources.add(0, reloader);
        }

        Map<String, Boolean> startedChecks = new ConcurrentHashMap<>();
        List<MigBinding> bindings = new ArrayList<>();
        BindingContext context = BindingContext.builder(gateway, settings)
                .readiness(() -> liveChecks(startedChecks, bindings, state))
                .service(ControlPlane.SERVICE, controlPlane)
                .service(ConnectionView.SERVICE, new ConnectionView(gateway.connections(),
                        () -> gateway.enabledBindings().contains(io.mig.core.model.Binding.NATS), gateway.clock(),
                        gateway.serverId()))
                .service(HttpRequestObserver.SERVICE, exposition)
                .service(MetricsExposition.SERVICE, exposition)
                .build();

        for (MigBindingProvider provider : providers) {
            try {
                bindings.add(provider.create(context));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
            startedChecks.put("binding_" + provider.name(), false);
        }
        if (state != null) {
            resources.add(state); // the last to close: the stores' final writes go out before it
        }
        return new Migd(config, gateway, List.copyOf(bindings), resources, startedChecks, reloader);
    }

    /** Every binding on the class path, in start order; the same instances are prepared and then create their binding. */
    private static List<MigBindingProvider> bindingProviders(Settings settings) {
        List<MigBindingProvider> providers = new ArrayList<>();
        ServiceLoader.load(MigBindingProvider.class).forEach(providers::add);
        providers.sort(Comparator.comparingInt(MigBindingProvider::priority).thenComparing(MigBindingProvider::name));
        warnAboutMissingBindings(settings, providers);
        return providers;
    }

    /** A setting that asks for a binding this build does not have is not an error, but it must not go unnoticed. */
    private static void warnAboutMissingBindings(Settings settings, List<MigBindingProvider> providers) {
        Map<String, String> wanted = Map.of("MIGD_GRPC_ADDR", "grpc", "MIGD_NATS_URL", "nats");
        wanted.forEach((variable, binding) -> {
            if (settings.get(variable).isPresent() && providers.stream().noneMatch(p -> p.name().equals(binding))) {
                LOG.log(System.Logger.Level.WARNING, variable + " is set, but this build has no " + binding
                        + " binding on its class path; the setting is ignored");
            }
        });
    }

    /** The full profile needs metrics: the probe's invocation must show up in a real scrape of the registry. */
    private static ConformanceCheck metricsCheck(PrometheusMetrics metrics) {
        return new ConformanceCheck("metrics", Profile.FULL, () -> {
            double seen = metrics.invocationsOf(SelfCheckSuite.PROBE_CAPABILITY);
            if (seen <= 0) {
                throw new AssertionError("the probe invocation is missing from mig_gateway_invocations_total");
            }
            return "GET /metrics is served; mig_gateway_invocations_total counted the probe";
        });
    }

    /**
     * The started bindings that are ready now: a started binding whose dependency is down is not; and,
     * with {@code MIGD_STATE=jetstream}, whether the state connection is up ({@code state_jetstream}).
     */
    private static Map<String, Boolean> liveChecks(Map<String, Boolean> started, List<MigBinding> bindings,
                                                   StateConnection state) {
        Map<String, Boolean> checks = new java.util.HashMap<>(started);
        for (MigBinding binding : bindings) {
            checks.computeIfPresent("binding_" + binding.name(), (name, up) -> up && binding.ready());
        }
        if (state != null) {
            checks.put("state_jetstream", state.connected());
        }
        return Map.copyOf(checks);
    }

    /**
     * Instances sharing JetStream state share the MCP session key too (SPEC §10, §12): the operator's
     * {@code MIGD_MCP_SESSION_KEY} when set, else the one kept in the state's KV.
     */
    private static Settings withSharedSessionKey(Settings settings, StateConnection state, StateConfig config) {
        if (settings.get(SharedSessionKey.SETTING).isPresent()) {
            return settings;
        }
        String key = SharedSessionKey.of(state.connection(), config);
        return name -> name.equals(SharedSessionKey.SETTING) ? Optional.of(key) : settings.get(name);
    }

    /** Opens every binding, in order; a binding that fails to start stops the ones before it. */
    public void start() throws Exception {
        for (MigBinding binding : bindings) {
            try {
                binding.start();
            } catch (Exception e) {
                stop(Duration.ZERO);
                throw e;
            }
            startedChecks.put("binding_" + binding.name(), true);
        }
        if (reloader != null) {
            reloader.start(); // closed with the other resources, first
        }
    }

    /** One line saying what is enabled: every binding that serves, and what is missing without HTTP. */
    public String summary() {
        List<String> where = bindings.stream().map(b -> b.name() + " " + b.describe()).toList();
        boolean http = bindings.stream().anyMatch(b -> b.name().equals(EnabledBindings.HTTP));
        return "migd " + Version.current() + " serving " + String.join(", ", where)
                + (http ? "" : " | http=off (no /healthz, /readyz, /metrics, admin API, console or MCP)")
                + " | auth=" + config.authMode()
                + " demo=" + (config.demoCapabilities() ? "on" : "off")
                + " metrics=" + (config.metricsEnabled() ? "on" : "off")
                + " audit_log=" + config.auditLogPath().map(Object::toString).orElse("off")
                + " tracing=" + (gateway.tracing() instanceof OtelTracing sdk ? sdk.describe() : "off")
                + " state=" + config.state().mode()
                + " server_id=" + gateway.serverId();
    }

    public MigGateway gateway() {
        return gateway;
    }

    public List<MigBinding> bindings() {
        return bindings;
    }

    public <T extends MigBinding> Optional<T> binding(Class<T> type) {
        return bindings.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** Drains in-flight work for at most the drain timeout, ends open streams, closes everything. */
    public synchronized void stop() {
        stop(config.drainTimeout());
    }

    public synchronized void stop(Duration drain) {
        if (stopped) {
            return;
        }
        stopped = true;
        // every binding refuses new work first, and all share one deadline: otherwise a binding
        // waiting for the gateway's in-flight work waits for work another binding still accepts,
        // and the drains add up (found by bench/soak)
        for (MigBinding binding : bindings) {
            try {
                binding.beginDrain();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "draining " + binding.name() + " failed: " + e);
            }
        }
        long deadline = System.nanoTime() + drain.toNanos();
        for (int i = bindings.size() - 1; i >= 0; i--) {
            MigBinding binding = bindings.get(i);
            try {
                binding.stop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "stopping " + binding.name() + " failed: " + e);
            }
            startedChecks.put("binding_" + binding.name(), false);
        }
        closeAll(resources);
    }

    static void closeAll(List<? extends AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing " + resource + " failed: " + e);
            }
        }
    }

}
