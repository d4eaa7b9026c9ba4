package io.mig.migd.abuse;

import static io.mig.migd.abuse.AbuseTarget.MIB;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.mig.binding.grpc.v0_1.InvocationGrpc;
import io.mig.binding.grpc.v0_1.InvokeRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Finding 8: gRPC request messages that are not valid protobuf. */
final class GrpcFloods {
    /** Log lines one malformed message may cause (one INFO line; a stack trace was ~115). */
    static final double LINES_PER_MESSAGE = 1.0;
    /** Lines over the count that may come from elsewhere meanwhile. */
    static final int LINE_SLACK = 20;

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    /** Invoke with the request written by hand, bytes the generated client would never send. */
    private static final MethodDescriptor<byte[], byte[]> RAW_INVOKE = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(InvocationGrpc.getInvokeMethod().getFullMethodName())
            .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();

    private GrpcFloods() {
    }

    /**
     * Invokes with invalid UTF-8 in a string, a truncated field and a Struct nested past
     * protobuf's limit, in turn. Each must end INVALID_ARGUMENT; the process's stderr may grow by one
     * line per message at most (each logged a ~115-line stack trace, which the first one shows).
     */
    static Attack malformedMessages() {
        AtomicInteger linesBefore = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        return Scripted.attack("grpc-malformed", "finding 8: malformed gRPC messages; one log line each at most",
                300, 5_000, 8 * MIB, (target, attempts) -> {
                    byte[][] malformed = {
                            {0x12, 0x02, (byte) 0xC3, 0x28}, // capability: a string that is not UTF-8
                            {0x12, 0x05, 'a'}, // capability: 5 bytes announced, 1 sent
                            nestedStruct(120), // payload nested past protobuf's limit of 100
                    };
                    Metadata metadata = new Metadata();
                    metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + target.token("acme"));
                    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", target.grpcPort()).usePlaintext().build();
                    try {
                        var authorized = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(metadata));
                        sent.addAndGet(attempts);
                        return Workers.run(8, attempts, i -> {
                            try {
                                ClientCalls.blockingUnaryCall(authorized, RAW_INVOKE,
                                        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), malformed[i % malformed.length]);
                                return "a malformed message was answered OK";
                            } catch (StatusRuntimeException e) {
                                return e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT ? null
                                        : "expected INVALID_ARGUMENT, got " + e.getStatus();
                            }
                        });
                    } finally {
                        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                    }
                }).keepingAtMost(512).preparing(target -> linesBefore.set(target.stderr().size()))
                .verifying(target -> {
                    Thread.sleep(500); // the log writer is asynchronous
                    List<String> added = target.stderr().subList(linesBefore.get(), target.stderr().size());
                    List<String> problems = new ArrayList<>();
                    if (added.size() > sent.get() * LINES_PER_MESSAGE + LINE_SLACK) {
                        problems.add(added.size() + " log lines for " + sent.get() + " malformed messages");
                    }
                    added.stream().filter(line -> line.startsWith("\tat ") || line.startsWith("Caused by")).findFirst()
                            .ifPresent(line -> problems.add("a stack trace in the log: " + line));
                    return problems;
                });
    }

    /** An InvokeRequest whose payload Struct nests {@code depth} levels. */
    private static byte[] nestedStruct(int depth) {
        Struct inner = Struct.getDefaultInstance();
        for (int i = 0; i < depth; i++) {
            inner = Struct.newBuilder().putFields("a", Value.newBuilder().setStructValue(inner).build()).build();
        }
        return InvokeRequest.newBuilder().setCapability("abuse.echo").setPayload(inner).build().toByteArray();
    }
}
