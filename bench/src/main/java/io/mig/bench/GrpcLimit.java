package io.mig.bench;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import java.net.InetSocketAddress;

/**
 * The limit of P4: a raw grpc-java unary echo of {@code mig.v0_1.Invocation/Invoke} on the direct
 * executor with a byte marshaller (no protobuf parsing, no thread hand-off).
 * Usage: {@code GrpcLimit --port N} (0: a free port, printed).
 */
public final class GrpcLimit {
    private GrpcLimit() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        ServerServiceDefinition echo = ServerServiceDefinition.builder("mig.v0_1.Invocation")
                .addMethod(GrpcBytes.unary(GrpcBytes.INVOKE), ServerCalls.asyncUnaryCall((request, answer) -> {
                    answer.onNext(request);
                    answer.onCompleted();
                }))
                .build();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", args.integer("port", 0)))
                .directExecutor()
                .addService(echo)
                .build()
                .start();
        System.out.println("LISTENING " + server.getPort());
        server.awaitTermination();
    }
}
