package io.mig.binding.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
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
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which thread a unary {@code Invoke} runs on (GrpcBinding, InvocationRpc): the transport's event
 * loop only when the gateway and the provider both say nothing blocks, a worker otherwise — and a
 * call handed to a worker is still cancelled with its client. A real gateway and binding, a real
 * channel on a free port.
 */
class InvokeThreadsTest {
    private static final String WORKER = "migd-grpc-call-";

    private MigGateway gateway;
    private MigBinding binding;
    private ManagedChannel channel;

    @AfterEach
    void stop() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (binding != null) {
            binding.stop(Duration.ofMillis(100));
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aProviderThatAnswersWithoutBlockingRunsOnTheTransportThreadWhenTheGatewayDoesNotBlockEither() throws Exception {
        ThreadEcho provider = new ThreadEcho(true);
        String thread = answerThread(start(true, provider));
        assertThat(thread).doesNotStartWith(WORKER).contains("ELG"); // a Netty event loop of grpc-java
        assertThat(provider.thread).isEqualTo(thread);
    }

    @Test
    void aProviderThatMayBlockRunsOnAWorker() throws Exception {
        assertThat(answerThread(start(true, new ThreadEcho(false)))).startsWith(WORKER);
    }

    @Test
    void aGatewayThatMayBlockRunsEveryInvokeOnAWorker() throws Exception {
        assertThat(answerThread(start(false, new ThreadEcho(true)))).startsWith(WORKER);
    }

    @Test
    void aClientDeadlineCancelsTheProviderCallOnAWorker() throws Exception {
        CountDownLatch cancelled = new CountDownLatch(1);
        CapabilityProvider never = context -> {
            context.cancellation().onCancel(cancelled::countDown);
            return new CompletableFuture<>();
        };
        var stub = InvocationGrpc.newBlockingStub(start(true, never)).withDeadlineAfter(300, TimeUnit.MILLISECONDS);
        assertThatThrownBy(() -> stub.invoke(request()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        assertThat(cancelled.await(10, TimeUnit.SECONDS)).as("the provider call was cancelled").isTrue();
    }

    private ManagedChannel start(boolean pipelineWithoutBlocking, CapabilityProvider provider) throws Exception {
        gateway = MigGateway.builder().pipelineWithoutBlocking(pipelineWithoutBlocking)
                .capability(CapabilityDescriptor.builder("acme.tools.thread")
                        .schemas("schema://acme/thread/in", "schema://acme/thread/out").build(), provider)
                .build();
        binding = new GrpcBindingProvider().create(BindingContext.builder(gateway,
                Settings.of(Map.of(GrpcBindingProvider.ADDRESS, "127.0.0.1:0"))).build());
        binding.start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", ((GrpcBinding) binding).port()).usePlaintext().build();
        return channel;
    }

    private static String answerThread(ManagedChannel channel) {
        InvokeResponse response = InvocationGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).invoke(request());
        return response.getPayload().getFieldsOrThrow("thread").getStringValue();
    }

    private static InvokeRequest request() {
        return InvokeRequest.newBuilder().setHeader(MessageHeader.newBuilder().setTenantId("acme"))
                .setCapability("acme.tools.thread")
                .setPayload(Struct.newBuilder().putFields("x", Value.newBuilder().setStringValue("y").build()))
                .build();
    }

    /** Answers with the name of the thread that called it; declares non-blocking as told. */
    private static final class ThreadEcho implements CapabilityProvider {
        private final boolean withoutBlocking;
        private volatile String thread;

        ThreadEcho(boolean withoutBlocking) {
            this.withoutBlocking = withoutBlocking;
        }

        @Override
        public CompletableFuture<ObjectNode> invoke(InvocationContext context) {
            thread = Thread.currentThread().getName();
            return CompletableFuture.completedFuture(MigJson.object().put("thread", thread));
        }

        @Override
        public boolean answersWithoutBlocking() {
            return withoutBlocking;
        }
    }
}
