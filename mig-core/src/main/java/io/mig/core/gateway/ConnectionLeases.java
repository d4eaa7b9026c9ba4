package io.mig.core.gateway;

import io.mig.core.port.in.CallContext;
import io.mig.core.port.out.Connection;
import io.mig.core.port.out.ConnectionRegistry;
import io.mig.core.port.out.GatewayMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every long-lived call holds while it runs, whichever binding carries it: its row in the
 * connection view, its count in the active-streams gauge, and the timer that ends it when the
 * credentials it was opened with expire. One {@link Lease} per call, released exactly once.
 */
final class ConnectionLeases {
    private final ConnectionRegistry registry;
    private final GatewayMetrics metrics;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;

    ConnectionLeases(ConnectionRegistry registry, GatewayMetrics metrics, ScheduledExecutorService scheduler, Clock clock) {
        this.registry = registry;
        this.metrics = metrics;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /**
     * Registers the call and counts it; {@code onExpiry} runs once when the caller's credentials
     * expire, unless the lease was closed before.
     */
    Lease open(CallContext call, Caller caller, ConnectionLabels labels, Map<String, String> meta, Runnable onExpiry) {
        ConnectionRegistry.Handle registration = registry.register(new Connection(null, labels.protocol(), labels.kind(),
                caller.tenantId(), caller.principal().actor(), call.remoteAddress(), clock.instant().toString(), meta));
        metrics.activeStreams(labels.gauge(), 1);
        Lease lease = new Lease(registration, labels.gauge());
        Instant expiresAt = caller.principal().expiresAt();
        if (expiresAt != null) {
            long delay = Math.max(0, Duration.between(clock.instant(), expiresAt).toMillis());
            lease.expiry = scheduler.schedule(() -> {
                if (!lease.released.get()) {
                    onExpiry.run();
                }
            }, delay, TimeUnit.MILLISECONDS);
        }
        return lease;
    }

    /** One long-lived call's registration, gauge count and expiry timer. */
    final class Lease implements AutoCloseable {
        private final ConnectionRegistry.Handle registration;
        private final String gauge;
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile ScheduledFuture<?> expiry;

        private Lease(ConnectionRegistry.Handle registration, String gauge) {
            this.registration = registration;
            this.gauge = gauge;
        }

        /** Leaves the connection view, the gauge and the expiry timer (idempotent). */
        @Override
        public void close() {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            ScheduledFuture<?> timer = expiry;
            if (timer != null) {
                timer.cancel(false);
            }
            registration.close();
            metrics.activeStreams(gauge, -1);
        }
    }
}
