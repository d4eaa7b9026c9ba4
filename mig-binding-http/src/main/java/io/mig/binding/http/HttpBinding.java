package io.mig.binding.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.router.EndpointNotFound;
import io.mig.admin.ControlPlane;
import io.mig.admin.connections.ConnectionView;
import io.mig.binding.http.provider.HomeConnector;
import io.mig.core.error.MigException;
import io.mig.core.model.Binding;
import io.mig.core.spi.BindingGateway;
import io.mig.core.spi.MigBinding;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.eclipse.jetty.server.HttpConnectionFactory;

/**
 * MIG over HTTP: the JSON routes, SSE and WebSocket streams, admin and operations routes, and the
 * console at {@code /ui}, served by Javalin.
 *
 * <pre>{@code
 * HttpBinding http = HttpBinding.builder(gateway).options(HttpOptions.defaults().withPort(8080)).build();
 * http.start();
 * }</pre>
 */
public final class HttpBinding implements MigBinding {
    private static final System.Logger LOG = System.getLogger(HttpBinding.class.getName());

    private final BindingGateway gateway;
    private final HttpOptions options;
    private final ConnectionView connectionView;
    private final Supplier<Map<String, Boolean>> readiness;
    private final HttpRequestObserver requestObserver;
    private final MetricsExposition metrics;
    private final ControlPlane controlPlane;
    private final StreamSupport streams;
    private final AdminAccess adminAccess;
    private final java.util.List<HttpExtension> extensions;
    private volatile boolean draining;
    private Javalin app;

    private HttpBinding(Builder b) {
        this.gateway = b.gateway;
        this.options = b.options;
        this.connectionView = b.connectionView != null ? b.connectionView
                : new ConnectionView(gateway.connections(), () -> false, gateway.clock(), gateway.serverId());
        this.readiness = b.readiness;
        this.requestObserver = b.requestObserver;
        this.metrics = b.metrics;
        this.controlPlane = b.controlPlane;
        this.streams = new StreamSupport(options.sseKeepAlive());
        this.adminAccess = new AdminAccess(gateway.authenticator(), b.adminScope);
        this.extensions = java.util.List.copyOf(b.extensions);
    }

    public static Builder builder(BindingGateway gateway) {
        return new Builder(gateway);
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public synchronized void start() {
        if (app != null) {
            throw new IllegalStateException("already started");
        }
        Exchange exchange = new Exchange(options.maxBodyBytes());
        app = Javalin.create(config -> configure(config, exchange));
        app.start();
        gateway.bindingStarted(Binding.HTTP);
    }

    /** The port bound (useful with port 0). */
    public int port() {
        return app.port();
    }

    @Override
    public String describe() {
        return (options.tls() ? "https" : "http") + "://" + (options.host() == null ? "0.0.0.0" : options.host()) + ":"
                + (app == null ? options.port() : port());
    }

    /**
     * The routes served, as {@code "METHOD /path"} with Javalin's path templates (WebSocket upgrades
     * as {@code GET}); the OpenAPI documents are checked against this list.
     */
    public java.util.SortedSet<String> routes() {
        java.util.SortedSet<String> routes = new java.util.TreeSet<>();
        for (var parsed : app.unsafe.internalRouter.allHttpHandlers()) {
            if (parsed.endpoint.method.isHttpMethod()) {
                routes.add(parsed.endpoint.method.name() + " " + parsed.endpoint.path);
            }
        }
        for (var ws : app.unsafe.internalRouter.allWsHandlers()) {
            routes.add("GET " + ws.getPath());
        }
        return routes;
    }

    /** Open SSE and WebSocket streams. */
    public int openStreams() {
        return streams.openStreams();
    }

    /** From now on every request but {@code /healthz} and {@code /readyz} is refused with MIG_UNAVAILABLE. */
    @Override
    public void beginDrain() {
        draining = true;
    }

    @Override
    public synchronized void stop(Duration drain) {
        if (app == null) {
            return;
        }
        draining = true;
        long deadline = System.nanoTime() + drain.toNanos();
        while (gateway.inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // what outlived the drain is answered now, retryably, while the listener is still open
        if (gateway.abortInFlight(ShutdownFrames.error()) > 0) {
            pause(Duration.ofMillis(200)); // lets the completing threads write those answers
        }
        streams.terminateAll(Duration.ofSeconds(2));
        gateway.bindingStopped(Binding.HTTP);
        app.stop();
        streams.close();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void configure(JavalinConfig config, Exchange exchange) {
        config.startup.showJavalinBanner = false;
        config.jetty.host = options.host();
        config.jetty.port = options.port();
        config.jetty.threadPool = new ServerThreadPool(); // a completed response resumes its connection inline
        config.http.prefer405over404 = true;
        config.http.maxRequestSize = options.maxBodyBytes();
        config.http.asyncTimeout = 0L;
        config.http.generateEtags = false;
        config.router.ignoreTrailingSlashes = true;
        config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorPages()));
        // response heads are written byte by byte: heap buffers make that several times cheaper
        config.jetty.modifyHttpConfiguration(http -> http.setUseOutputDirectByteBuffers(false));
        config.jetty.modifyWebSocketServletFactory(factory -> {
            factory.setIdleTimeout(Duration.ofMinutes(5));
            factory.setMaxTextMessageSize(options.maxBodyBytes());
        });
        ConnectionHardening.apply(config, options, streams.timer());
        config.requestLogger.http((ctx, millis) -> completed(new JavalinExchange(ctx), ctx.method().name(),
                AccessLog.route(ctx), ctx.statusCode(), millis, ctx.attribute(HttpErrors.ERROR_ATTRIBUTE)));
        MigRoutes migRoutes = new MigRoutes(gateway, exchange, new InvokeStreams(streams), streams.lateWatches());
        // the unary MIG routes are served below the servlet layer; Javalin's context sits inside it
        UnaryRouteHandler unaryRoutes = new UnaryRouteHandler(gateway, migRoutes, options.maxBodyBytes(),
                () -> draining, streams.lateWatches(), this::completed);
        config.jetty.modifyServer(server -> server.setHandler(unaryRoutes));
        if (options.tls()) {
            Tls.addHttpsConnector(config, options);
        } else {
            // Javalin's own connector, but one whose selectors also carry the upstream calls of their
            // requests, and whose connections answer the INVOKE route themselves until a request of
            // another kind hands them to Jetty's HTTP/1.1 connection
            config.jetty.addConnector((server, http) -> {
                HttpConnectionFactory http1 = new HttpConnectionFactory(http);
                return new HomeConnector(server, options.host(), options.port(),
                        new LeanConnection.Factory(http1, unaryRoutes, options.maxBodyBytes()), http1);
            });
        }

        config.routes.before(ctx -> {
            if (draining && !ctx.path().equals("/healthz") && !ctx.path().equals("/readyz")) {
                MigException refused = ShutdownFrames.error();
                MigRoutes.auditIfInvoke(gateway, ctx, refused);
                for (HttpExtension extension : extensions) {
                    extension.refused(ctx, refused);
                }
                throw refused;
            }
        });
        config.routes.before(SecurityHeaders::requireSingleOnOwnRoutes);
        adminAccess.register(config); // before every /admin, /pro and /cloud route
        migRoutes.register(config);
        new SubscribeStreams(gateway, streams).register(config);
        new WebSocketStreams(gateway, streams, options.limits().wsMaxStreams()).register(config);
        ControlCalls calls = new ControlCalls(exchange);
        new AdminRoutes(connectionView, controlPlane, calls).register(config);
        if (controlPlane != null) {
            new ProRoutes(controlPlane, calls).register(config);
            new CloudRoutes(controlPlane, calls).register(config);
        }
        new OpenApiRoutes().register(config);
        new ConsoleFiles().register(config);
        new OpsRoutes(gateway, readiness, () -> draining, metrics).register(config);
        HttpHost host = new HttpHost(gateway, options, streams);
        extensions.forEach(extension -> extension.register(config, host));

        config.routes.exception(MigException.class, (e, ctx) -> HttpErrors.write(ctx, e));
        config.routes.exception(EndpointNotFound.class, (e, ctx) ->
                HttpErrors.write(ctx, MigException.notFound("no route for " + ctx.method().name() + " " + ctx.path())));
        config.routes.exception(MethodNotAllowedResponse.class, (e, ctx) -> HttpErrors.methodNotAllowed(ctx,
                e.getDetails().getOrDefault("availableMethods", e.getDetails().getOrDefault("Available methods", "")).replace(" ", "")));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> HttpErrors.write(ctx, e));
        config.routes.exception(Exception.class, (e, ctx) -> {
            MigException error = MigException.from(e);
            if (error.code() == io.mig.core.error.ErrorCode.MIG_INTERNAL) {
                LOG.log(System.Logger.Level.ERROR, "unhandled error on " + ctx.method().name() + " " + AccessLog.route(ctx), e);
            }
            HttpErrors.write(ctx, error);
        });
    }

    /** The access-log line, request metrics and error count of one answered request (Javalin's or the core handler's). */
    private void completed(RouteExchange exchange, String method, String route, int status, float millis, MigException answered) {
        AccessLog.log(exchange, method, route, status, millis);
        requestObserver.requestCompleted(RequestLabels.method(method), route, status, millis / 1000.0);
        if (answered != null) {
            gateway.errors().answered(Operations.of(route), answered);
        }
    }

    /** Builds an {@link HttpBinding}; only the gateway is required. */
    public static final class Builder {
        private final BindingGateway gateway;
        private HttpOptions options = HttpOptions.defaults();
        private ConnectionView connectionView;
        private Supplier<Map<String, Boolean>> readiness = Map::of;
        private HttpRequestObserver requestObserver = HttpRequestObserver.NONE;
        private MetricsExposition metrics;
        private ControlPlane controlPlane;
        private String adminScope = AdminAccess.DEFAULT_SCOPE;
        private final java.util.List<HttpExtension> extensions = new java.util.ArrayList<>();

        private Builder(BindingGateway gateway) {
            this.gateway = Objects.requireNonNull(gateway, "gateway");
        }

        public Builder options(HttpOptions value) {
            this.options = Objects.requireNonNull(value);
            return this;
        }

        public Builder connectionView(ConnectionView value) {
            this.connectionView = value;
            return this;
        }

        /** Named readiness checks {@code /readyz} reports (e.g. every binding started). */
        public Builder readiness(Supplier<Map<String, Boolean>> value) {
            this.readiness = Objects.requireNonNull(value);
            return this;
        }

        public Builder requestObserver(HttpRequestObserver value) {
            this.requestObserver = Objects.requireNonNull(value);
            return this;
        }

        /** Serves {@code GET /metrics}; without one there is no metrics endpoint. */
        public Builder metrics(MetricsExposition value) {
            this.metrics = value;
            return this;
        }

        /** Serves the admin registry, pro and cloud routes of this control plane (built with the same gateway). */
        public Builder controlPlane(ControlPlane value) {
            if (value != null && value.gateway() != gateway) {
                throw new IllegalArgumentException("the control plane belongs to another gateway");
            }
            this.controlPlane = value;
            return this;
        }

        /** The scope that opens {@code /admin}, {@code /pro} and {@code /cloud} in auth mode jwt ({@code mig:admin}). */
        public Builder adminScope(String value) {
            if (value == null || value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("the admin scope must be one non-empty word");
            }
            this.adminScope = value;
            return this;
        }

        /** Adds routes of another module to this listener (e.g. the MCP server); see {@link HttpExtension}. */
        public Builder extension(HttpExtension value) {
            this.extensions.add(Objects.requireNonNull(value, "extension"));
            return this;
        }

        public HttpBinding build() {
            return new HttpBinding(this);
        }
    }
}
