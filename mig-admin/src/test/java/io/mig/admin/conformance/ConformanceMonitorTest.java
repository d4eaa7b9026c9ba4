package io.mig.admin.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.admin.ControlPlane;
import io.mig.core.gateway.MigGateway;
import io.mig.core.model.Binding;
import io.mig.core.model.HelloRequest;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Credentials;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConformanceMonitorTest {
    private final AtomicBoolean auditDiskFull = new AtomicBoolean();
    private final ControlPlane controlPlane = ControlPlane.builder()
            .conformanceTtl(Duration.ZERO)
            .auditSink(record -> {
                if (auditDiskFull.get()) {
                    throw new java.io.UncheckedIOException(new java.io.IOException("disk full"));
                }
            })
            .check(new ConformanceCheck("metrics", Profile.FULL, () -> "test registry"))
            .build(MigGateway.builder());
    private final MigGateway gateway = controlPlane.gateway();

    @AfterEach
    void close() {
        gateway.close();
    }

    @Test
    void everyProfileHoldsWhenTheGatewayWorks() {
        gateway.bindingStarted(Binding.HTTP);
        ConformanceReport report = controlPlane.conformance().report();
        assertThat(report.checks()).allSatisfy(check -> assertThat(check.ok()).as(check.name() + ": " + check.detail()).isTrue());
        assertThat(report.profiles()).containsExactly("core", "streaming", "evented", "full");
        // the probe stays invisible to DISCOVER and the registry
        assertThat(gateway.capabilities().list()).isEmpty();
    }

    @Test
    void aCheckTurnsFalseWhenItsConditionBreaks() {
        gateway.bindingStarted(Binding.HTTP);
        assertThat(controlPlane.conformance().report().full()).isTrue();

        auditDiskFull.set(true); // the audit sink fails: records no longer reach the history
        ConformanceReport broken = controlPlane.conformance().report();
        assertThat(broken.checks()).filteredOn(c -> c.name().equals("audit_recording")).singleElement()
                .satisfies(c -> assertThat(c.ok()).isFalse());
        assertThat(broken.core()).isTrue();
        assertThat(broken.full()).isFalse();

        gateway.bindingStopped(Binding.HTTP); // no stream-capable binding serving
        assertThat(controlPlane.conformance().report().streaming()).isFalse();
    }

    @Test
    void helloCarriesTheProfilesWithoutRecursing() {
        gateway.bindingStarted(Binding.HTTP);
        var hello = gateway.hello(CallContext.of(Binding.HTTP, Credentials.tenant("acme")),
                new HelloRequest(MessageHeader.empty(), List.of("0.1"), List.of(), List.of()));
        assertThat(hello.profiles()).containsExactly("core", "streaming", "evented", "full");
        assertThat(hello.enabledFeatures()).contains("schema_validation");
    }
}
