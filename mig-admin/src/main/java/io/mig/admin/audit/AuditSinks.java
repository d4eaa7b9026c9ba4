package io.mig.admin.audit;

import io.mig.core.port.out.AuditRecord;
import io.mig.core.port.out.AuditSink;
import java.util.List;

/** Several sinks as one: each record goes to every sink, in order. */
public final class AuditSinks implements AuditSink {
    private final List<AuditSink> sinks;

    private AuditSinks(List<AuditSink> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    public static AuditSink of(AuditSink... sinks) {
        return sinks.length == 1 ? sinks[0] : new AuditSinks(List.of(sinks));
    }

    @Override
    public void record(AuditRecord record) {
        for (AuditSink sink : sinks) {
            sink.record(record);
        }
    }
}
