package io.mig.admin.conformance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.gateway.MigGateway;
import io.mig.core.json.MigJson;
import io.mig.core.model.Binding;
import io.mig.core.model.DiscoverRequest;
import io.mig.core.model.HelloRequest;
import io.mig.core.model.HelloResponse;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.InvokeResponse;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.out.AuditHistory;
import io.mig.core.port.out.AuditRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The standard live checks of SPEC §8.2. Each one goes through the gateway's public ports as the
 * internal tenant, with the internal probe capability, so it exercises the same pipeline as a
 * client (header resolution, registry, quota, dispatch, audit, listeners). They run in order; the
 * full-profile checks look at what the unary invoke left behind.
 */
final class SelfChecks {
    private final MigGateway gateway;
    private final AuditHistory auditHistory;
    private final CallContext call;
    private volatile String lastMessageId;
    private volatile String lastTraceparent;
    private volatile String echoedTraceparent;

    SelfChecks(MigGateway gateway, AuditHistory auditHistory) {
        this.gateway = gateway;
        this.auditHistory = auditHistory;
        this.call = gateway.internalCall(Binding.HTTP);
        gateway.registerInternal(SelfProbe.DESCRIPTOR, new SelfProbe());
    }

    /** The checks in running order; {@code extra} (e.g. metrics) run last. */
    List<ConformanceCheck> all(List<ConformanceCheck> extra) {
        List<ConformanceCheck> checks = new ArrayList<>(List.of(
                new ConformanceCheck("hello", Profile.CORE, this::hello),
                new ConformanceCheck("discover", Profile.CORE, this::discover),
                new ConformanceCheck("unary_invoke", Profile.CORE, this::unaryInvoke),
                new ConformanceCheck("error_model", Profile.CORE, this::errorModel),
                new ConformanceCheck("stream_invoke", Profile.STREAMING, new StreamChecks(gateway, call)::invoke),
                new ConformanceCheck("stream_cancel", Profile.STREAMING, new StreamChecks(gateway, call)::cancel),
                new ConformanceCheck("stream_transport", Profile.STREAMING, this::streamTransport),
                new ConformanceCheck("publish_subscribe_replay", Profile.EVENTED, new EventChecks(gateway, call)::replay),
                new ConformanceCheck("audit_recording", Profile.FULL, this::auditRecording),
                new ConformanceCheck("traceparent_propagation", Profile.FULL, this::traceparentPropagation)));
        checks.addAll(extra);
        return checks;
    }

    private String hello() {
        HelloResponse hello = gateway.hello(call, new HelloRequest(MessageHeader.empty(), List.of("0.1"), List.of(), List.of()));
        expect("0.1".equals(hello.selectedVersion()), "HELLO selected version " + hello.selectedVersion());
        expect(MigGateway.INTERNAL_TENANT.equals(hello.header().tenantId()), "HELLO did not echo the tenant");
        return "HELLO negotiated version 0.1 over " + hello.selectedBinding();
    }

    private String discover() {
        int listed = gateway.discover(call, new DiscoverRequest(MessageHeader.empty(), null, true, true)).capabilities().size();
        int registered = gateway.capabilities().list().size();
        expect(listed == registered, "DISCOVER listed " + listed + " of " + registered + " registered capabilities");
        return "DISCOVER listed all " + listed + " registered capabilities";
    }

    private String unaryInvoke() throws Exception {
        String nonce = UUID.randomUUID().toString();
        String traceparent = io.mig.core.id.Traceparent.generate();
        MessageHeader header = MessageHeader.empty().withTraceparent(traceparent);
        InvokeResponse response = StreamChecks.await(gateway.invoke(call,
                new InvokeRequest(header, SelfProbe.ID, MigJson.object().put("nonce", nonce), null)));
        ObjectNode payload = response.payload();
        expect(nonce.equals(payload.path("echo").asText()), "the probe's answer did not come back: " + payload);
        expect(SelfProbe.DESCRIPTOR.outputSchemaUri().equals(response.resultSchemaUri()), "result_schema_uri was not filled");
        lastMessageId = response.header().messageId();
        lastTraceparent = traceparent;
        echoedTraceparent = payload.path("traceparent").asText(null);
        return "unary INVOKE answered with the probe's payload";
    }

    private String errorModel() throws Exception {
        MigException unknown = failure(() -> StreamChecks.await(gateway.invoke(call,
                new InvokeRequest(MessageHeader.empty(), "migd.selfcheck.absent", MigJson.object(), null))));
        expect(unknown.code() == ErrorCode.MIG_UNSUPPORTED_CAPABILITY,
                "an unknown capability gave " + unknown.code());
        MigException invalid = failure(() -> StreamChecks.await(gateway.invoke(call,
                new InvokeRequest(MessageHeader.empty().withDeadlineMs(-1L), SelfProbe.ID, MigJson.object(), null))));
        expect(invalid.code() == ErrorCode.MIG_INVALID_REQUEST && !invalid.toError().retryable(),
                "a negative deadline gave " + invalid.code());
        return "MIG_UNSUPPORTED_CAPABILITY and MIG_INVALID_REQUEST answered as error envelopes";
    }

    private String streamTransport() {
        var bindings = gateway.enabledBindings();
        expect(bindings.contains(Binding.HTTP) || bindings.contains(Binding.GRPC),
                "no stream-capable binding is serving (http or grpc)");
        return "streams are served over " + bindings.stream().filter(b -> b != Binding.NATS).map(Binding::wire).sorted().toList();
    }

    private String auditRecording() {
        expect(auditHistory != null, "no audit history is kept");
        String id = requireInvoked();
        List<AuditRecord> records = auditHistory.query(r -> id.equals(r.messageId()), 5);
        expect(!records.isEmpty(), "the probe invocation " + id + " left no audit record");
        expect(AuditRecord.SUCCESS.equals(records.get(0).outcome()), "the audit record says " + records.get(0).outcome());
        return "the probe invocation was audited";
    }

    private String traceparentPropagation() {
        requireInvoked();
        // with tracing on the provider sees the gateway's provider span (same trace, its own parent id)
        expect(echoedTraceparent != null && echoedTraceparent.length() == lastTraceparent.length()
                        && echoedTraceparent.regionMatches(0, lastTraceparent, 0, 35),
                "the provider saw traceparent " + echoedTraceparent + ", not the trace of " + lastTraceparent);
        if (auditHistory != null) {
            List<AuditRecord> records = auditHistory.query(r -> lastMessageId.equals(r.messageId()), 5);
            expect(!records.isEmpty() && lastTraceparent.equals(records.get(0).traceparent()),
                    "the audit record does not carry the caller's traceparent");
        }
        return "traceparent reached the provider and the audit record";
    }

    private String requireInvoked() {
        String id = lastMessageId;
        expect(id != null, "the unary_invoke check did not succeed");
        return id;
    }

    static MigException failure(java.util.concurrent.Callable<?> action) throws Exception {
        try {
            action.call();
        } catch (MigException e) {
            return e;
        }
        throw new AssertionError("expected a MIG error, got an answer");
    }

    static void expect(boolean condition, String failure) {
        if (!condition) {
            throw new AssertionError(failure);
        }
    }
}
