package io.mig.conformance.kit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance kit as JUnit 5 tests: one test method per {@link KitCase} (named by its id),
 * each running the case over {@link #wire()}. Extend it once per binding, start a gateway in a
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
    protected void hello() {
        check("hello");
    }

    @Test
    protected void helloVersionMismatch() {
        check("helloVersionMismatch");
    }

    @Test
    protected void discover() {
        check("discover");
    }

    @Test
    protected void discoverQuery() {
        check("discoverQuery");
    }

    @Test
    protected void invokeUnary() {
        check("invokeUnary");
    }

    @Test
    protected void unknownCapability() {
        check("unknownCapability");
    }

    @Test
    protected void schemaViolation() {
        check("schemaViolation");
    }

    @Test
    protected void invalidName() {
        check("invalidName");
    }

    @Test
    protected void headerVersionMismatch() {
        check("headerVersionMismatch");
    }

    @Test
    protected void negativeDeadline() {
        check("negativeDeadline");
    }

    @Test
    protected void malformedJson() {
        check("malformedJson");
    }

    @Test
    protected void unknownOperation() {
        check("unknownOperation");
    }

    @Test
    protected void wrongMethod() {
        check("wrongMethod");
    }

    @Test
    protected void idempotentReplay() {
        check("idempotentReplay");
    }

    @Test
    protected void idempotencyKeyReused() {
        check("idempotencyKeyReused");
    }

    @Test
    protected void concurrentDuplicates() {
        check("concurrentDuplicates");
    }

    @Test
    protected void deadline() {
        check("deadline");
    }

    @Test
    protected void cancelRecorded() {
        check("cancelRecorded");
    }

    @Test
    protected void cancelUnary() {
        check("cancelUnary");
    }

    @Test
    protected void cancelOtherTenant() {
        check("cancelOtherTenant");
    }

    @Test
    protected void heartbeat() {
        check("heartbeat");
    }

    @Test
    protected void tenantFromHeader() {
        check("tenantFromHeader");
    }

    @Test
    protected void tenantFromBody() {
        check("tenantFromBody");
    }

    @Test
    protected void tenantConflict() {
        check("tenantConflict");
    }

    @Test
    protected void tenantMissing() {
        check("tenantMissing");
    }

    @Test
    protected void tenantFromToken() {
        check("tenantFromToken");
    }

    @Test
    protected void invokeStream() {
        check("invokeStream");
    }

    @Test
    protected void streamUnknownCapability() {
        check("streamUnknownCapability");
    }

    @Test
    protected void cancelStream() {
        check("cancelStream");
    }

    @Test
    protected void publish() {
        check("publish");
    }

    @Test
    protected void invalidTopic() {
        check("invalidTopic");
    }

    @Test
    protected void subscribeLive() {
        check("subscribeLive");
    }

    @Test
    protected void subscribeReplay() {
        check("subscribeReplay");
    }

    @Test
    protected void subscribeCursor() {
        check("subscribeCursor");
    }

    @Test
    protected void subscribeBadCursor() {
        check("subscribeBadCursor");
    }

    @Test
    protected void subscribeTenantFromBody() {
        check("subscribeTenantFromBody");
    }

    @Test
    protected void eventIsolation() {
        check("eventIsolation");
    }

    @Test
    protected void traceparent() {
        check("traceparent");
    }
}
