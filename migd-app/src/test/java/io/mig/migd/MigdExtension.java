package io.mig.migd;

import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.testing.Jwts;
import io.mig.migd.MigdServer.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The one way a test starts and stops a real migd: in-process ({@link MigdServer}) or, for what
 * only a process shows, as its own JVM ({@link MigdProcess}) — on free loopback ports, configured
 * declaratively, stopped (and its NATS server with it) when the test is done.
 *
 * <p>Registered on a {@code static} field it serves the whole class (started before
 * {@code @BeforeAll} methods run); on an instance field it starts afresh for each test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MigdExtension server = MigdExtension.inProcess()
 *         .grpc().jwt(SECRET).quiet()
 *         .provider(CountingProvider.descriptor("test.held"), held)
 *         .build();
 *
 * @Test
 * void hello() {
 *     Reply reply = server.post("/mig/v0.1/hello", "{}", "Authorization", "Bearer " + server.token("acme", "alice", null));
 * }
 * }</pre>
 *
 * <p>Test methods may also take the {@link MigdServer} or {@link Migd} as a parameter (in-process,
 * one extension per class). It lives in migd-app's test jar because it starts {@link Migd}; the
 * modules whose tests need a gateway (mig-client, conformance) already depend on that jar.
 */
public final class MigdExtension implements TestGateway, BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {
    private final boolean inProcess;
    private final Map<String, String> env;
    private final boolean ownNats;
    private final String hs256Secret;
    private final Supplier<HttpClient> client;
    private final List<String> jvmOptions;
    private final List<Consumer<MigdServer>> onStart;

    private boolean perClass;
    private int nestedClasses;
    private NatsServer nats;
    private MigdServer server;
    private MigdProcess process;
    private MigdHttp http;

    private MigdExtension(Builder builder) {
        this.inProcess = builder.inProcess;
        this.env = Map.copyOf(builder.env);
        this.ownNats = builder.ownNats;
        this.hs256Secret = builder.hs256Secret;
        this.client = builder.client;
        this.jvmOptions = List.copyOf(builder.jvmOptions);
        this.onStart = List.copyOf(builder.onStart);
    }

    /** A migd in this JVM: the gateway, its bindings and its providers can be reached directly. */
    public static Builder inProcess() {
        return new Builder(true);
    }

    /** A migd as its own operating-system process ({@code io.mig.migd.Main} on this class path). */
    public static Builder process() {
        return new Builder(false);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (perClass) {
            nestedClasses++; // a @Nested class shares its enclosing class's gateway
            return;
        }
        perClass = true;
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (nestedClasses > 0) {
            nestedClasses--;
            return;
        }
        perClass = false;
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return inProcess && (type == MigdServer.class || type == Migd.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Migd.class ? migd() : server();
    }

    private void start() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("MIGD_ADDR", "127.0.0.1:0");
        if (ownNats) {
            nats = NatsServer.start();
            settings.put("MIGD_NATS_URL", nats.url());
        }
        settings.putAll(env);
        HttpClient httpClient = client.get();
        try {
            if (inProcess) {
                server = MigdServer.start(settings, httpClient);
                http = new MigdHttp(server.baseUrl(), httpClient);
                onStart.forEach(step -> step.accept(server));
            } else {
                process = MigdProcess.start(settings, jvmOptions);
                String scheme = settings.containsKey("MIGD_TLS_CERT_FILE") ? "https" : "http";
                http = new MigdHttp(scheme + "://127.0.0.1:" + process.awaitPort(60), httpClient);
            }
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new IllegalStateException(e);
        } catch (RuntimeException | Error e) {
            stop();
            throw e;
        }
    }

    private void stop() {
        try {
            if (server != null) {
                server.close();
            }
            if (process != null) {
                process.close();
            }
        } finally {
            server = null;
            process = null;
            http = null;
            if (nats != null) {
                nats.close();
                nats = null;
            }
        }
    }

    /** The in-process gateway (for the helpers that take one: {@link GrpcClient}, {@link WsClient}, …). */
    public MigdServer server() {
        if (server == null) {
            throw new IllegalStateException(inProcess ? "migd is not running (outside a test?)" : "migd runs as a process here: use migdProcess()");
        }
        return server;
    }

    /** The in-process {@link Migd}: its gateway, bindings and services. */
    @Override
    public Migd migd() {
        return server().migd();
    }

    /** The migd process (process mode). */
    public MigdProcess migdProcess() {
        if (process == null) {
            throw new IllegalStateException(inProcess ? "migd runs in-process here: use server()" : "migd is not running (outside a test?)");
        }
        return process;
    }

    /** The NATS server started for this gateway by {@link Builder#withNats()}. */
    public NatsServer nats() {
        if (nats == null) {
            throw new IllegalStateException("no NATS server: configure withNats()");
        }
        return nats;
    }

    /** A token for the HS256 secret given to {@link Builder#jwt(String)}, valid for {@link Jwts#LIFETIME}. */
    public String token(String tenant, String subject, String scope) {
        if (hs256Secret == null) {
            throw new IllegalStateException("no HS256 secret: configure jwt(secret)");
        }
        return Jwts.hs256(hs256Secret, Jwts.claims(tenant, subject, scope));
    }

    @Override
    public String baseUrl() {
        return running().baseUrl();
    }

    @Override
    public URI uri(String path) {
        return running().uri(path);
    }

    @Override
    public HttpClient client() {
        return running().client();
    }

    @Override
    public Reply post(String path, String json, String... headers) {
        return running().post(path, json, headers);
    }

    @Override
    public Reply get(String path, String... headers) {
        return running().get(path, headers);
    }

    @Override
    public Reply delete(String path, String... headers) {
        return running().delete(path, headers);
    }

    @Override
    public Reply send(HttpRequest.Builder request, String... headers) {
        return running().send(request, headers);
    }

    private MigdHttp running() {
        if (http == null) {
            throw new IllegalStateException("migd is not running (outside a test?)");
        }
        return http;
    }

    /** What the gateway is started with; every setting is an environment-style {@code MIGD_*} name. */
    public static final class Builder {
        private final boolean inProcess;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<Consumer<MigdServer>> onStart = new ArrayList<>();
        private boolean ownNats;
        private String hs256Secret;
        private Supplier<HttpClient> client = MigdHttp::defaultClient;

        private Builder(boolean inProcess) {
            this.inProcess = inProcess;
        }

        /** One setting ({@code MIGD_ADDR} defaults to {@code 127.0.0.1:0}). */
        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** Several settings. */
        public Builder env(Map<String, String> settings) {
            env.putAll(settings);
            return this;
        }

        /** The gRPC binding on a free port. */
        public Builder grpc() {
            return env("MIGD_GRPC_ADDR", "127.0.0.1:0");
        }

        /** A real nats-server of its own (started first, stopped last), named by {@code MIGD_NATS_URL}. */
        public Builder withNats() {
            ownNats = true;
            return this;
        }

        /** JWT authentication with this HS256 secret; {@link MigdExtension#token} mints for it. */
        public Builder jwt(String secret) {
            hs256Secret = secret;
            return env("MIGD_AUTH_MODE", "jwt").env("MIGD_JWT_HS256_SECRET", secret);
        }

        /** Without the demo capabilities ({@code MIGD_DEMO_CAPABILITIES=false}). */
        public Builder noDemoCapabilities() {
            return env("MIGD_DEMO_CAPABILITIES", "false");
        }

        /** Warnings and errors only in the log ({@code MIGD_LOG_LEVEL=warn}). */
        public Builder quiet() {
            return env("MIGD_LOG_LEVEL", "warn");
        }

        /** Registers this provider once the gateway runs (in-process only). */
        public Builder provider(CapabilityDescriptor descriptor, CapabilityProvider provider) {
            return onStart(server -> server.migd().gateway().register(descriptor, provider));
        }

        /** Runs {@code step} on the started gateway, before any test (in-process only). */
        public Builder onStart(Consumer<MigdServer> step) {
            requireInProcess("onStart/provider");
            onStart.add(step);
            return this;
        }

        /** Talks through this client (e.g. one that trusts a test certificate); made when the gateway starts. */
        public Builder client(Supplier<HttpClient> factory) {
            client = factory;
            return this;
        }

        /** Options for the JVM of the process (process mode only). */
        public Builder jvmOptions(String... options) {
            if (inProcess) {
                throw new IllegalStateException("jvmOptions apply to process() only");
            }
            jvmOptions.addAll(List.of(options));
            return this;
        }

        public MigdExtension build() {
            return new MigdExtension(this);
        }

        private void requireInProcess(String what) {
            if (!inProcess) {
                throw new IllegalStateException(what + " needs inProcess(): a process is configured by env only");
            }
        }
    }
}
