package io.mig.core.gateway;

import static io.mig.core.gateway.Fixtures.capability;
import static io.mig.core.gateway.Fixtures.failure;
import static io.mig.core.gateway.Fixtures.invoke;
import static io.mig.core.gateway.Fixtures.payload;
import static io.mig.core.gateway.Fixtures.tenant;
import static io.mig.core.gateway.Fixtures.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.ErrorCode;
import io.mig.core.model.Binding;
import io.mig.core.model.CancelRequest;
import io.mig.core.model.DiscoverRequest;
import io.mig.core.model.HeartbeatRequest;
import io.mig.core.model.HelloRequest;
import io.mig.core.model.InvocationMode;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.InvokeResponse;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.PublishRequest;
import io.mig.core.model.StreamFrame;
import io.mig.core.model.StreamPreference;
import io.mig.core.model.SubscribeRequest;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Credentials;
import io.mig.core.port.out.AuditRecord;
import io.mig.core.port.out.TraceSpan;
import io.mig.core.port.out.Tracing;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.InvocationContext;
import io.mig.core.spi.Publishers;
import io.mig.core.spi.StreamItem;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The core traces every operation through the {@link Tracing} port, whatever binding calls it. */
class TracingTest {
    private static final String CALLER = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    private final RecordingTracing tracing = new RecordingTracing();
    private final List<InvocationContext> seen = new CopyOnWriteArrayList<>();
    private final CapabilityProvider echo = new CapabilityProvider() {
        @Override
        public CompletableFuture<ObjectNode> invoke(InvocationContext context) {
            seen.add(context);
            return CompletableFuture.completedFuture(context.payload().deepCopy());
        }

        @Override
        public Flow.Publisher<StreamItem> stream(InvocationContext context) {
            seen.add(context);
            return Publishers.of(List.of(StreamItem.next(payload("token", "a")), StreamItem.last(payload("done", "yes"))));
        }
    };
    private final MigGateway gateway = MigGateway.builder()
            .tracing(tracing)
            .capability(capability("acme.echo", InvocationMode.UNARY, InvocationMode.SERVER_STREAM), echo)
            .build();

    @AfterEach
    void close() {
        gateway.close();
    }

    @Test
    void anInvokeHasAServerSpanOnTheCallersTraceAndAProviderSpanUnderIt() {
        InvokeResponse response = value(gateway.invoke(nats("acme"),
                invoke("acme.echo", payload("a", "b"), MessageHeader.empty().withTraceparent(CALLER))));

        RecordingTracing.Recorded server = only("mig.invoke acme.echo");
        assertThat(server.kind).isEqualTo("server");
        assertThat(server.parent).as("parented on the caller's traceparent").isEqualTo(CALLER);
        assertThat(server.binding).isEqualTo(Binding.NATS);
        assertThat(server.code).as("success").isNull();
        assertThat(server.ended).isTrue();
        assertThat(server.attributes).containsEntry(TraceSpan.TENANT, "acme")
                .containsEntry(TraceSpan.CAPABILITY, "acme.echo")
                .containsEntry(TraceSpan.MODE, "unary")
                .containsEntry(TraceSpan.MESSAGE_ID, response.header().messageId());

        RecordingTracing.Recorded provider = only("mig.provider acme.echo");
        assertThat(provider.kind).isEqualTo("client");
        assertThat(provider.parent).isEqualTo(server.traceparent());
        assertThat(provider.attributes).containsEntry(TraceSpan.PROVIDER_TYPE, "in_process");
        assertThat(provider.ended).isTrue();

        assertThat(seen).singleElement().satisfies(context -> assertThat(context.header().traceparent())
                .as("the provider continues from the provider span").isEqualTo(provider.traceparent())
                .startsWith("00-" + CALLER_TRACE + "-"));
        assertThat(response.header().traceparent()).as("the caller's traceparent is echoed").isEqualTo(CALLER);
        AuditRecord audited = ((io.mig.core.memory.InMemoryAuditLog) gateway.auditSink()).query(r -> true, 10).get(0);
        assertThat(audited.traceparent()).as("audit keeps the caller's traceparent").isEqualTo(CALLER);
    }

    @Test
    void withoutATraceparentTheServerSpanIsTheRootAndItsContextIsTheResolvedOne() {
        InvokeResponse response = value(gateway.invoke(tenant("acme"),
                invoke("acme.echo", payload("a", "b"), MessageHeader.empty().withTraceparent("not-a-traceparent"))));
        RecordingTracing.Recorded server = only("mig.invoke acme.echo");
        assertThat(server.parent).as("an invalid traceparent is ignored").isNull();
        assertThat(response.header().traceparent()).as("the generated traceparent names the server span")
                .isEqualTo(server.traceparent());
    }

    @Test
    void aFailedInvokeEndsItsSpanWithTheMigCodeAndKeepsUnknownNamesOutOfTheSpanName() {
        failure(gateway.invoke(tenant("acme"), invoke("acme.absent", payload("a", "b"))));
        RecordingTracing.Recorded server = only("mig.invoke");
        assertThat(server.code).isEqualTo(ErrorCode.MIG_UNSUPPORTED_CAPABILITY);
        assertThat(server.attributes).containsEntry(TraceSpan.CAPABILITY, "acme.absent")
                .containsEntry(TraceSpan.TENANT, "acme");
        assertThat(tracing.named("mig.provider acme.absent")).as("no provider was called").isEmpty();
    }

    @Test
    void aProviderFailureEndsBothSpansWithItsCode() {
        MigGateway failing = MigGateway.builder().tracing(tracing)
                .capability(capability("acme.down"), context -> CompletableFuture.failedFuture(
                        io.mig.core.error.MigException.unavailable("upstream down")))
                .build();
        try {
            failure(failing.invoke(tenant("acme"), invoke("acme.down", payload("a", "b"))));
        } finally {
            failing.close();
        }
        assertThat(only("mig.provider acme.down").code).isEqualTo(ErrorCode.MIG_UNAVAILABLE);
        assertThat(only("mig.invoke acme.down").code).isEqualTo(ErrorCode.MIG_UNAVAILABLE);
    }

    @Test
    void aStreamedInvokeEndsItsSpansWithTheStream() throws Exception {
        Flow.Publisher<StreamFrame> frames = value(gateway.stream(tenant("acme"), new InvokeRequest(
                MessageHeader.empty().withTraceparent(CALLER), "acme.echo", payload("a", "b"),
                StreamPreference.SERVER_STREAM), "s-1"));
        CancellationAndDeadlineTest.Recorder recorder = new CancellationAndDeadlineTest.Recorder();
        frames.subscribe(recorder);
        assertThat(recorder.done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(recorder.frames).hasSize(2);
        RecordingTracing.Recorded server = only("mig.invoke acme.echo");
        assertThat(server.attributes).containsEntry(TraceSpan.MODE, "server_stream").containsEntry(TraceSpan.STREAM_ID, "s-1");
        assertThat(server.ended).isTrue();
        assertThat(only("mig.provider acme.echo").parent).isEqualTo(server.traceparent());
        assertThat(seen.get(0).header().traceparent()).isEqualTo(only("mig.provider acme.echo").traceparent());
    }

    @Test
    void everyOtherOperationHasItsOwnServerSpan() {
        MessageHeader header = MessageHeader.empty().withTraceparent(CALLER);
        gateway.hello(tenant("acme"), new HelloRequest(header, null, null, null));
        gateway.discover(tenant("acme"), new DiscoverRequest(header, null, true, true));
        gateway.publish(tenant("acme"), new PublishRequest(header, "acme.news", null, payload("a", "b")));
        gateway.subscribe(tenant("acme"), new SubscribeRequest(header, "acme.news", null, null, null));
        gateway.cancel(tenant("acme"), new CancelRequest(header, "msg-nothing", null));
        gateway.heartbeat(tenant("acme"), new HeartbeatRequest(header, 1000L));
        for (String name : List.of("mig.hello", "mig.discover", "mig.publish", "mig.subscribe", "mig.cancel", "mig.heartbeat")) {
            RecordingTracing.Recorded span = only(name);
            assertThat(span.parent).as(name).isEqualTo(CALLER);
            assertThat(span.ended).as(name).isTrue();
            assertThat(span.code).as(name).isNull();
            assertThat(span.attributes).as(name).containsEntry(TraceSpan.TENANT, "acme");
        }
        assertThat(only("mig.publish").attributes).containsEntry(TraceSpan.TOPIC, "acme.news");
    }

    @Test
    void aRefusedOperationEndsItsSpanWithTheCode() {
        assertThatThrownBy(() -> gateway.publish(tenant("acme"), new PublishRequest(null, "no-namespace", null, null)));
        assertThat(only("mig.publish").code).isEqualTo(ErrorCode.MIG_INVALID_REQUEST);
        gateway.errors().invokeRefused(tenant("acme"), "acme.echo", io.mig.core.error.MigException.invalid("not JSON"));
        assertThat(only("mig.invoke acme.echo").code).isEqualTo(ErrorCode.MIG_INVALID_REQUEST);
    }

    @Test
    void withoutTracingTheProviderSeesTheCallersTraceparent() {
        MigGateway plain = MigGateway.builder().capability(capability("acme.echo"), echo).build();
        try {
            assertThat(plain.tracing()).isSameAs(Tracing.NONE);
            value(plain.invoke(tenant("acme"), invoke("acme.echo", payload("a", "b"), MessageHeader.empty().withTraceparent(CALLER))));
        } finally {
            plain.close();
        }
        assertThat(seen).singleElement().satisfies(c -> assertThat(c.header().traceparent()).isEqualTo(CALLER));
        assertThat(tracing.spans).isEmpty();
    }

    private RecordingTracing.Recorded only(String name) {
        List<RecordingTracing.Recorded> spans = tracing.named(name);
        assertThat(spans).as("spans named " + name + " among " + tracing.spans.stream().map(s -> s.name).toList())
                .hasSize(1);
        return spans.get(0);
    }

    private static CallContext nats(String tenant) {
        return CallContext.of(Binding.NATS, Credentials.tenant(tenant));
    }
}
