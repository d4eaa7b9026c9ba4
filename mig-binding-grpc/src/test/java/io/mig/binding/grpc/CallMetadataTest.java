package io.mig.binding.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.mig.binding.grpc.v0_1.InvocationGrpc;
import io.mig.binding.grpc.v0_1.StreamFrame;
import io.mig.core.gateway.MigGateway;
import io.mig.core.port.out.Connection;
import io.mig.core.spi.BindingContext;
import io.mig.core.spi.MigBinding;
import io.mig.core.spi.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The peer address the core is told for a gRPC call ({@link CallMetadata}: formatted once per
 * connection by its transport filter) is the client's own {@code host:port}, as the connection
 * view shows it. A real gateway and binding, a StreamInvoke stream opened on a real channel.
 */
class CallMetadataTest {
    @Test
    void aStreamShowsTheClientsAddressAndPortInTheConnectionView() throws Exception {
        MigGateway gateway = MigGateway.builder().build();
        MigBinding binding = new GrpcBindingProvider().create(BindingContext.builder(gateway,
                Settings.of(Map.of(GrpcBindingProvider.ADDRESS, "127.0.0.1:0"))).build());
        binding.start();
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", ((GrpcBinding) binding).port()).usePlaintext().build();
        try {
            Metadata tenant = new Metadata();
            tenant.put(CallMetadata.TENANT, "acme");
            AtomicReference<Throwable> failed = new AtomicReference<>();
            StreamObserver<StreamFrame> frames = InvocationGrpc.newStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(tenant)).streamInvoke(new StreamObserver<>() {
                @Override
                public void onNext(StreamFrame value) {
                }

                @Override
                public void onError(Throwable t) {
                    failed.set(t);
                }

                @Override
                public void onCompleted() {
                }
            });
            List<Connection> open = List.of();
            for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); open.isEmpty() && System.nanoTime() < end; ) {
                Thread.sleep(20);
                open = gateway.connections().list();
            }
            assertThat(open).as("the stream's connection (the call failed with %s)", failed.get()).hasSize(1);
            assertThat(open.get(0).remoteAddr()).matches("127\\.0\\.0\\.1:[1-9][0-9]*");
            frames.onCompleted();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            binding.stop(Duration.ofMillis(100));
            gateway.close();
        }
    }
}
