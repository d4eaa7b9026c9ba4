package io.mig.binding.nats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubjectsTest {
    @Test
    void everyRequestSubjectOfTheGuideParses() {
        assertThat(Subjects.parse("mig.v0_1.acme.hello")).isEqualTo(new Subjects.Parsed("acme", Subjects.Operation.HELLO, ""));
        assertThat(Subjects.parse("mig.v0_1.acme.discover").operation()).isEqualTo(Subjects.Operation.DISCOVER);
        assertThat(Subjects.parse("mig.v0_1.acme.invoke.observatory.models.infer"))
                .isEqualTo(new Subjects.Parsed("acme", Subjects.Operation.INVOKE, "observatory.models.infer"));
        assertThat(Subjects.parse("mig.v0_1.acme.events.acme.jobs.done"))
                .isEqualTo(new Subjects.Parsed("acme", Subjects.Operation.PUBLISH, "acme.jobs.done"));
        assertThat(Subjects.parse("mig.v0_1.acme.control.cancel.msg-1"))
                .isEqualTo(new Subjects.Parsed("acme", Subjects.Operation.CANCEL, "msg-1"));
        assertThat(Subjects.parse("mig.v0_1.acme.control.heartbeat").operation()).isEqualTo(Subjects.Operation.HEARTBEAT);
        assertThat(Subjects.events("acme", "a.b")).isEqualTo("mig.v0_1.acme.events.a.b");
    }

    @Test
    void anythingElseIsUnknownWithoutThrowing() {
        assertThat(Subjects.parse("mig.v0_1.acme.control.reboot").operation()).isEqualTo(Subjects.Operation.UNKNOWN);
        assertThat(Subjects.parse("mig.v0_1.acme").operation()).isEqualTo(Subjects.Operation.UNKNOWN);
        assertThat(Subjects.parse("mig.v0_1..hello").operation()).isEqualTo(Subjects.Operation.UNKNOWN);
        assertThat(Subjects.parse("other.subject").operation()).isEqualTo(Subjects.Operation.UNKNOWN);
        assertThat(Subjects.parse(null).operation()).isEqualTo(Subjects.Operation.UNKNOWN);
        // an operation with an empty argument still parses; the gateway refuses the empty name
        assertThat(Subjects.parse("mig.v0_1.acme.invoke.").argument()).isEmpty();
    }

    @Test
    void providerSubjectsMustBePlain() {
        assertThat(NatsProviderFactory.validSubject("workers.summarize")).isTrue();
        assertThat(NatsProviderFactory.validSubject("workers.*")).isFalse();
        assertThat(NatsProviderFactory.validSubject("workers.>")).isFalse();
        assertThat(NatsProviderFactory.validSubject("a..b")).isFalse();
        assertThat(NatsProviderFactory.validSubject("with space")).isFalse();
        assertThat(NatsProviderFactory.validSubject("")).isFalse();
    }
}
