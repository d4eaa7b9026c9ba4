package io.mig.core.port.out;

/**
 * Admits or refuses one invocation of a tenant (SPEC §4.8). Refusal is a
 * {@link io.mig.core.error.MigException} with {@code MIG_RATE_LIMITED} and, when known,
 * {@code details.retry_after_seconds}.
 */
@FunctionalInterface
public interface QuotaGate {
    QuotaGate UNLIMITED = tenant -> { };

    void acquire(String tenant);
}
