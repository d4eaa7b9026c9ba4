package io.mig.binding.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.mig.binding.grpc.v0_1.InvocationGrpc;
import io.mig.binding.grpc.v0_1.InvokeRequest;
import io.mig.binding.grpc.v0_1.InvokeResponse;
import io.mig.binding.grpc.v0_1.MessageHeader;
import io.mig.core.gateway.MigGateway;
import io.mig.core.json.MigJson;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.spi.BindingContext;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.InvocationContext;
import io.mig.core.spi.MigBinding;
import io.mig.core.spi.Settings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The unary {@code Invoke}'s own call listener ({@link InvokeCall}) keeps what grpc-java's unary
 * stub, the metadata interceptor and the malformed-message guard did: one request message per
 * call, a message that does not parse refused with the MIG error, the answer with status OK. A
 * real gateway and binding, a raw client call on a real channel sending whatever bytes it is told.
 */
class InvokeCallTest {
    private static final MethodDescriptor<byte[], byte[]> RAW_INVOKE = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(InvocationGrpc.getInvokeMethod().getFullMethodName())
            .setRequestMarshaller(new Bytes())
            .setResponseMarshaller(new Bytes())
            .build();

    private final AtomicInteger calls = new AtomicInteger();
    private MigGateway gateway;
    private MigBinding binding;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        CapabilityProvider counter = new CapabilityProvider() {
            @Override
            public CompletableFuture<ObjectNode> invoke(InvocationContext context) {
                return CompletableFuture.completedFuture(MigJson.object().put("call", calls.incrementAndGet()));
            }

            @Override
            public boolean answersWithoutBlocking() {
                return true;
            }
        };
        gateway = MigGateway.builder().pipelineWithoutBlocking(true)
                .capability(CapabilityDescriptor.builder("acme.tools.count")
                        .schemas("schema://acme/count/in", "schema://acme/count/out").build(), counter)
                .build();
        binding = new GrpcBindingProvider().create(BindingContext.builder(gateway,
                Settings.of(Map.of(GrpcBindingProvider.ADDRESS, "127.0.0.1:0"))).build());
        binding.start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", ((GrpcBinding) binding).port()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        binding.stop(Duration.ofMillis(100));
        gateway.close();
    }

    @Test
    void oneRequestIsAnsweredWithItsMessageAndStatusOk() throws Exception {
        Outcome outcome = call(List.of(request().toByteArray()));
        assertThat(outcome.status.getCode()).isEqualTo(Status.Code.OK);
        assertThat(outcome.messages).hasSize(1);
        assertThat(InvokeResponse.parseFrom(outcome.messages.get(0)).getPayload().getFieldsOrThrow("call").getNumberValue())
                .isEqualTo(1.0);
        assertThat(outcome.headers).as("the answer's headers were sent").isNotNull();
    }

    @Test
    void aSecondRequestMessageEndsTheCallWithInternalAndInvokesNothing() throws Exception {
        Outcome outcome = call(List.of(request().toByteArray(), request().toByteArray()));
        assertThat(outcome.status.getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(outcome.status.getDescription()).isEqualTo("Too many requests");
        assertThat(outcome.messages).isEmpty();
        assertThat(calls).hasValue(0);
    }

    @Test
    void aCallWithoutARequestMessageEndsWithInternal() throws Exception {
        Outcome outcome = call(List.of());
        assertThat(outcome.status.getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(outcome.status.getDescription()).isEqualTo("Half-closed without a request");
        assertThat(calls).hasValue(0);
    }

    @Test
    void aMessageThatIsNotProtobufIsRefusedWithTheMigError() throws Exception {
        Outcome outcome = call(List.of(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}));
        assertThat(outcome.status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(outcome.status.getDescription()).contains("request message is not valid protobuf");
        assertThat(outcome.trailers.keys()).as("the MIG error trailers").anyMatch(key -> key.startsWith("mig-"));
        assertThat(calls).hasValue(0);
    }

    private Outcome call(List<byte[]> messages) throws Exception {
        ClientCall<byte[], byte[]> call = channel.newCall(RAW_INVOKE, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS));
        Outcome outcome = new Outcome();
        call.start(outcome, new Metadata());
        call.request(2);
        messages.forEach(call::sendMessage);
        call.halfClose();
        assertThat(outcome.done.get(10, TimeUnit.SECONDS)).isTrue();
        return outcome;
    }

    private static InvokeRequest request() {
        return InvokeRequest.newBuilder().setHeader(MessageHeader.newBuilder().setTenantId("acme"))
                .setCapability("acme.tools.count")
                .setPayload(Struct.newBuilder().putFields("x", Value.newBuilder().setStringValue("y").build()))
                .build();
    }

    /** What the client saw of one call. */
    private static final class Outcome extends ClientCall.Listener<byte[]> {
        final CompletableFuture<Boolean> done = new CompletableFuture<>();
        final List<byte[]> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile Metadata headers;
        volatile Status status;
        volatile Metadata trailers;

        @Override
        public void onHeaders(Metadata headers) {
            this.headers = headers;
        }

        @Override
        public void onMessage(byte[] message) {
            messages.add(message);
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
            this.status = status;
            this.trailers = trailers;
            done.complete(true);
        }
    }

    private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
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
    }
}
