package io.mig.admin.conformance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the checks and keeps the report for a short while: HELLO asks for the profiles on every call,
 * and the checks themselves invoke the gateway. A HELLO made by a check (same thread) and HELLOs that
 * arrive while another thread is checking get the last report instead of waiting or recursing.
 */
public final class ConformanceMonitor {
    private final Clock clock;
    private final Duration ttl;
    private final ReentrantLock running = new ReentrantLock();
    private volatile List<ConformanceCheck> checks = List.of();
    private volatile ConformanceReport last;
    private volatile Instant lastAt = Instant.MIN;

    public ConformanceMonitor(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    /** Sets the checks, in the order they run (later checks may use what earlier ones saw). */
    public void checks(List<ConformanceCheck> value) {
        this.checks = List.copyOf(value);
        this.lastAt = Instant.MIN;
    }

    /** The report, re-checked when older than the time to live. */
    public ConformanceReport report() {
        ConformanceReport cached = last;
        if (cached != null && clock.instant().isBefore(lastAt.plus(ttl))) {
            return cached;
        }
        if (running.isHeldByCurrentThread()) {
            return cached != null ? cached : ConformanceReport.of(List.of(), clock.instant().toString());
        }
        running.lock();
        try {
            if (last != null && clock.instant().isBefore(lastAt.plus(ttl))) {
                return last; // another thread checked while this one waited
            }
            return refresh();
        } finally {
            running.unlock();
        }
    }

    /** HELLO's {@code profiles}: never blocks on a running check and never recurses into one. */
    public List<String> profiles() {
        ConformanceReport cached = last;
        boolean fresh = cached != null && clock.instant().isBefore(lastAt.plus(ttl));
        if (fresh || running.isHeldByCurrentThread() || (cached != null && running.isLocked())) {
            return cached == null ? List.of() : cached.profiles();
        }
        return report().profiles();
    }

    private ConformanceReport refresh() {
        List<CheckResult> results = new ArrayList<>();
        for (ConformanceCheck check : checks) {
            results.add(check.run());
        }
        ConformanceReport report = ConformanceReport.of(results, clock.instant().toString());
        last = report;
        lastAt = clock.instant();
        return report;
    }
}
