package io.mig.conformance.kit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance kit as JUnit 5 tests: one test method per {@link KitCase} (named by its id,
 * displayed by its title), each running the case over {@link #wire()}. Extend it once per binding, start a gateway in a
 * {@code @BeforeAll} of the subclass (the class is {@code PER_CLASS}, so that method need not be
 * static) and return a wire to it.
 *
 * <p>A case the binding cannot express ends as an aborted test with the wire's reason; a case the
 * target lacks a prerequisite for (no slow capability, no tokens) likewise. When the binding
 * diverges from the SPEC and cannot be fixed at once, override that method in the subclass with
 * {@code @Disabled("gap: …")} saying why, so the gap stays visible.
 *
 * <pre>{@code
 * class MyBindingConformanceTest extends BindingConformanceKit {
 *     private MyGateway gateway;
 *
 *     @BeforeAll
 *     void start() { gateway = MyGateway.start(); }
 *
 *     @AfterAll
 *     void stop() { gateway.close(); }
 *
 *     @Override
 *     protected MigWire wire() { return gateway.wire(); }
 *
 *     @Override
 *     protected KitTarget target() { return KitTarget.demo().withSlowCapability("acme.slow"); }
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BindingConformanceKit {
    /** The wire to the gateway under test, open for the whole class. */
    protected abstract MigWire wire();

    /** What the gateway offers the kit; the demo capabilities by default. */
    protected KitTarget target() {
        return KitTarget.demo();
    }

    /** Runs the case {@code id}: passes, fails with the case's message, or aborts with the reason it does not apply. */
    protected final void check(String id) {
        ConformanceKit.Result result = ConformanceKit.run(ConformanceKit.byId(id), new KitContext(wire(), target()));
        switch (result.verdict()) {
            case PASS -> { }
            case NOT_APPLICABLE -> Assumptions.abort("not applicable on " + wire().name() + ": " + result.detail());
            case SKIPPED -> Assumptions.abort("skipped: " + result.detail());
            case FAIL -> Assertions.fail(wire().name() + ": " + result.kitCase().title() + ": " + result.detail());
            default -> throw new IllegalStateException(result.verdict().name());
        }
    }

    @Test
    @DisplayName("HELLO negotiates 0.1 and selects this binding")
    protected void hello() {
        check("hello");
    }

    @Test
    @DisplayName("HELLO without a common version is MIG_VERSION_MISMATCH")
    protected void helloVersionMismatch() {
        check("helloVersionMismatch");
    }

    @Test
    @DisplayName("DISCOVER lists whole descriptors, never providers")
    protected void discover() {
        check("discover");
    }

    @Test
    @DisplayName("DISCOVER's query is a substring filter on ids")
    protected void discoverQuery() {
        check("discoverQuery");
    }

    @Test
    @DisplayName("unary INVOKE answers the provider's payload")
    protected void invokeUnary() {
        check("invokeUnary");
    }

    @Test
    @DisplayName("an unknown capability is MIG_UNSUPPORTED_CAPABILITY")
    protected void unknownCapability() {
        check("unknownCapability");
    }

    @Test
    @DisplayName("a payload against the input schema lists its violations")
    protected void schemaViolation() {
        check("schemaViolation");
    }

    @Test
    @DisplayName("an over-long capability name is MIG_INVALID_REQUEST")
    protected void invalidName() {
        check("invalidName");
    }

    @Test
    @DisplayName("an envelope of another mig_version is MIG_VERSION_MISMATCH")
    protected void headerVersionMismatch() {
        check("headerVersionMismatch");
    }

    @Test
    @DisplayName("a negative or non-numeric deadline_ms is refused")
    protected void negativeDeadline() {
        check("negativeDeadline");
    }

    @Test
    @DisplayName("a payload that is not an object is MIG_INVALID_REQUEST")
    protected void payloadNotObject() {
        check("payloadNotObject");
    }

    @Test
    @DisplayName("a body that is not JSON is a MIG error envelope")
    protected void malformedJson() {
        check("malformedJson");
    }

    @Test
    @DisplayName("an unknown operation is MIG_NOT_FOUND")
    protected void unknownOperation() {
        check("unknownOperation");
    }

    @Test
    @DisplayName("a wrong method is MIG_INVALID_REQUEST with Allow")
    protected void wrongMethod() {
        check("wrongMethod");
    }

    @Test
    @DisplayName("a repeated idempotency key replays the stored result")
    protected void idempotentReplay() {
        check("idempotentReplay");
    }

    @Test
    @DisplayName("a reused key with another payload is refused")
    protected void idempotencyKeyReused() {
        check("idempotencyKeyReused");
    }

    @Test
    @DisplayName("concurrent duplicates run the provider once")
    protected void concurrentDuplicates() {
        check("concurrentDuplicates");
    }

    @Test
    @DisplayName("an expired deadline is MIG_TIMEOUT, promptly")
    protected void deadline() {
        check("deadline");
    }

    @Test
    @DisplayName("CANCEL of nothing in flight is recorded and refuses that id")
    protected void cancelRecorded() {
        check("cancelRecorded");
    }

    @Test
    @DisplayName("CANCEL ends a unary call in flight with MIG_TIMEOUT cancelled")
    protected void cancelUnary() {
        check("cancelUnary");
    }

    @Test
    @DisplayName("CANCEL from another tenant leaves the call alone")
    protected void cancelOtherTenant() {
        check("cancelOtherTenant");
    }

    @Test
    @DisplayName("HEARTBEAT clamps the interval and reports load")
    protected void heartbeat() {
        check("heartbeat");
    }

    @Test
    @DisplayName("the tenant comes from the binding's header")
    protected void tenantFromHeader() {
        check("tenantFromHeader");
    }

    @Test
    @DisplayName("the tenant comes from the body's header.tenant_id")
    protected void tenantFromBody() {
        check("tenantFromBody");
    }

    @Test
    @DisplayName("a body tenant other than the header's is MIG_FORBIDDEN")
    protected void tenantConflict() {
        check("tenantConflict");
    }

    @Test
    @DisplayName("no tenant anywhere is refused")
    protected void tenantMissing() {
        check("tenantMissing");
    }

    @Test
    @DisplayName("the tenant comes from the bearer token alone")
    protected void tenantFromToken() {
        check("tenantFromToken");
    }

    @Test
    @DisplayName("a streamed INVOKE answers frames, then a terminal one")
    protected void invokeStream() {
        check("invokeStream");
    }

    @Test
    @DisplayName("a stream of an unknown capability ends in an error frame")
    protected void streamUnknownCapability() {
        check("streamUnknownCapability");
    }

    @Test
    @DisplayName("CANCEL ends a running stream with MIG_TIMEOUT cancelled")
    protected void cancelStream() {
        check("cancelStream");
    }

    @Test
    @DisplayName("PUBLISH answers gap-free sequences from 1 per topic")
    protected void publish() {
        check("publish");
    }

    @Test
    @DisplayName("an over-long topic is MIG_INVALID_REQUEST")
    protected void invalidTopic() {
        check("invalidTopic");
    }

    @Test
    @DisplayName("a subscriber receives live events in sequence order")
    protected void subscribeLive() {
        check("subscribeLive");
    }

    @Test
    @DisplayName("SUBSCRIBE replays retained events, then goes live")
    protected void subscribeReplay() {
        check("subscribeReplay");
    }

    @Test
    @DisplayName("resume_cursor delivers only later events")
    protected void subscribeCursor() {
        check("subscribeCursor");
    }

    @Test
    @DisplayName("a negative resume_cursor is refused before the stream")
    protected void subscribeBadCursor() {
        check("subscribeBadCursor");
    }

    @Test
    @DisplayName("SUBSCRIBE takes the tenant from the body's header")
    protected void subscribeTenantFromBody() {
        check("subscribeTenantFromBody");
    }

    @Test
    @DisplayName("a tenant never sees another tenant's events")
    protected void eventIsolation() {
        check("eventIsolation");
    }

    @Test
    @DisplayName("a traceparent is carried into the answer's trace")
    protected void traceparent() {
        check("traceparent");
    }
}
