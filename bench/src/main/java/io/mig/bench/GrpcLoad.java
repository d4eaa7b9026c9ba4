package io.mig.bench;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.mig.binding.grpc.v0_1.InvokeRequest;
import io.mig.binding.grpc.v0_1.MessageHeader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The load client of P4, the same for migd and the echo: unary {@code Invocation/Invoke} of the
 * demo capability, its request encoded once and sent as bytes, {@code --inflight} (32) calls at
 * once on one channel per side (direct executor: the client costs as little as it can). Driven by
 * {@link LoadCommands} (loads {@code limit} and {@code migd}).
 * Usage: {@code GrpcLoad --limit PORT --migd PORT [--inflight 32 --window 5 --warmup-cap 60]}.
 */
public final class GrpcLoad extends ClosedLoop {
    private final Channel channel;
    private final MethodDescriptor<byte[], byte[]> method = GrpcBytes.unary(GrpcBytes.INVOKE);
    private final byte[] request;

    private GrpcLoad(Channel channel, byte[] request, int inFlight) {
        super(inFlight);
        this.channel = channel;
        this.request = request;
    }

    static byte[] invokeRequest() {
        return InvokeRequest.newBuilder()
                .setHeader(MessageHeader.newBuilder().setTenantId("acme"))
                .setCapability("observatory.models.infer")
                .setPayload(Struct.newBuilder().putFields("input", Value.newBuilder().setStringValue("hello").build()))
                .build()
                .toByteArray();
    }

    @Override
    void send(long startNanos) {
        ClientCalls.asyncUnaryCall(channel.newCall(method, CallOptions.DEFAULT), request, new StreamObserver<>() {
            private boolean ok;

            @Override
            public void onNext(byte[] value) {
                ok = value.length > 0;
            }

            @Override
            public void onError(Throwable t) {
                completed(startNanos, false);
            }

            @Override
            public void onCompleted() {
                completed(startNanos, ok);
            }
        });
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        Map<String, Load> loads = new LinkedHashMap<>();
        loads.put("limit", connect(args, args.integer("limit", 0)));
        loads.put("migd", connect(args, args.integer("migd", 9090)));
        LoadCommands.serve(loads, args);
        System.exit(0);
    }

    private static GrpcLoad connect(Args args, int port) {
        ManagedChannel managed = NettyChannelBuilder.forAddress("127.0.0.1", port)
                .usePlaintext()
                .directExecutor()
                .build();
        Metadata tenant = new Metadata();
        tenant.put(Metadata.Key.of("x-tenant-id", Metadata.ASCII_STRING_MARSHALLER), "acme");
        Channel channel = ClientInterceptors.intercept(managed, MetadataUtils.newAttachHeadersInterceptor(tenant));
        byte[] request = invokeRequest();
        byte[] first = ClientCalls.blockingUnaryCall(channel, GrpcBytes.unary(GrpcBytes.INVOKE), CallOptions.DEFAULT
                .withDeadlineAfter(5, TimeUnit.SECONDS), request);
        if (first.length == 0) {
            throw new IllegalStateException("empty answer to the first Invoke");
        }
        return new GrpcLoad(channel, request, args.integer("inflight", 32));
    }
}
