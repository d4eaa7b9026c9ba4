package io.mig.core.port.out;

/** Receives audit records; must have persisted the record when {@link #record} returns. */
@FunctionalInterface
public interface AuditSink {
    AuditSink NONE = record -> { };

    void record(AuditRecord record);
}
