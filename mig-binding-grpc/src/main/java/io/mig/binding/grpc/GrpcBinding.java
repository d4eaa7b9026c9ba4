package io.mig.binding.grpc;

import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.mig.core.model.Binding;
import io.mig.core.spi.BindingGateway;
import io.mig.core.spi.ListenAddress;
import io.mig.core.spi.MigBinding;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC binding (SPEC §6): the four {@code mig.v0_1} services on one Netty server, plaintext or
 * TLS ({@link GrpcTls}). Public only so that an embedding application (and the tests) can read the
 * bound {@link #port()}.
 *
 * <p>Threads: every call starts on its Netty event loop (the server's executor is direct). A unary
 * {@code Invoke} stays there when the gateway says it runs without blocking
 * ({@link BindingGateway#invokesWithoutBlocking}) — no hand-off to a worker and back, the answer
 * written in the same read batch — and is handed to the worker pool otherwise ({@link InvocationRpc}).
 * Every other method runs on the worker pool, as on grpc-java's default executor before.
 */
public final class GrpcBinding implements MigBinding {
    private static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    private final BindingGateway gateway;
    private final ListenAddress address;
    private final ServerCredentials credentials;
    private final OpenStreams open = new OpenStreams();
    private Server server;
    private ExecutorService workers;

    GrpcBinding(BindingGateway gateway, ListenAddress address, ServerCredentials credentials) {
        this.gateway = gateway;
        this.address = address;
        this.credentials = credentials;
    }

    @Override
    public String name() {
        return "grpc";
    }

    @Override
    public synchronized void start() throws IOException {
        InetSocketAddress bind = address.host() == null ? new InetSocketAddress(address.port())
                : new InetSocketAddress(address.host(), address.port());
        CallMetadata metadata = new CallMetadata();
        ExecutorService pool = CallWorkers.pool();
        try {
            server = NettyServerBuilder.forAddress(bind, credentials)
                    .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                    .directExecutor()
                    .callExecutor(CallWorkers.forEveryCallButInvoke(pool))
                    .addTransportFilter(CallMetadata.peerAddresses())
                    .addService(MalformedMessages.guard(ServerInterceptors.intercept(new DiscoveryRpc(gateway), metadata), gateway.errors()))
                    .addService(MalformedMessages.guard(ServerInterceptors.intercept(new InvocationRpc(gateway, open, pool), metadata), gateway.errors()))
                    .addService(MalformedMessages.guard(ServerInterceptors.intercept(new EventsRpc(gateway, open), metadata), gateway.errors()))
                    .addService(MalformedMessages.guard(ServerInterceptors.intercept(new ControlRpc(gateway), metadata), gateway.errors()))
                    .build()
                    .start();
        } catch (IOException | RuntimeException e) {
            pool.shutdown();
            throw e;
        }
        workers = pool;
        gateway.bindingStarted(Binding.GRPC);
    }

    /** The port the server listens on (the real one when configured with port 0). */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("the gRPC binding is not started");
        }
        return server.getPort();
    }

    @Override
    public String describe() {
        String scheme = credentials instanceof TlsServerCredentials ? "grpcs://" : "grpc://";
        return scheme + (address.host() == null ? "0.0.0.0" : address.host()) + ":"
                + (server == null ? address.port() : server.getPort());
    }

    /** Refuses new calls from now on; the calls running go on. */
    @Override
    public synchronized void beginDrain() {
        if (server != null) {
            server.shutdown();
        }
    }

    /**
     * Refuses new calls, lets in-flight invocations finish within {@code drain}, ends open streams
     * with a terminal error frame and status UNAVAILABLE, then closes the server.
     */
    @Override
    public synchronized void stop(Duration drain) {
        if (server == null) {
            return;
        }
        server.shutdown();
        long deadline = System.nanoTime() + drain.toNanos();
        while (gateway.inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        open.terminateAll();
        gateway.bindingStopped(Binding.GRPC);
        try {
            if (!server.awaitTermination(1, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
        workers.shutdown();
        server = null;
    }
}
