package io.mig.core.gateway;

import io.mig.core.error.MigException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The invocations and streams running now, by tenant and id, so that CANCEL can reach them and
 * HEARTBEAT can report the load. Admission beyond the capacity is refused with backpressure.
 */
final class InFlight {
    private final Map<Key, Consumer<String>> byId = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private final int capacity;

    InFlight(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Admits one unit of work, reachable by CANCEL under each of {@code ids} within {@code tenant}.
     *
     * @param onCancel receives the CANCEL's reason
     * @throws MigException {@code MIG_BACKPRESSURE} when the gateway is at capacity
     */
    Ticket admit(String tenant, Consumer<String> onCancel, String... ids) {
        if (running.incrementAndGet() > capacity) {
            running.decrementAndGet();
            throw MigException.backpressure("the gateway is at capacity (" + capacity + " invocations in flight)")
                    .withDetail("max_inflight", capacity);
        }
        Ticket ticket = new Ticket(tenant, ids, onCancel);
        for (String id : ids) {
            if (id != null) {
                byId.put(new Key(tenant, id), onCancel);
            }
        }
        return ticket;
    }

    /** Cancels the work known under {@code id} in {@code tenant}; false when there is none. */
    boolean cancel(String tenant, String id, String reason) {
        Consumer<String> target = byId.get(new Key(tenant, id));
        if (target == null) {
            return false;
        }
        target.accept(reason);
        return true;
    }

    int running() {
        return Math.max(0, running.get());
    }

    int capacity() {
        return capacity;
    }

    private record Key(String tenant, String id) {
    }

    /** Releases the admission exactly once. */
    final class Ticket implements AutoCloseable {
        private final String tenant;
        private final String[] ids;
        private final Consumer<String> onCancel;
        private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

        private Ticket(String tenant, String[] ids, Consumer<String> onCancel) {
            this.tenant = tenant;
            this.ids = ids;
            this.onCancel = onCancel;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                for (String id : ids) {
                    if (id != null) {
                        byId.remove(new Key(tenant, id), onCancel);
                    }
                }
                running.decrementAndGet();
            }
        }
    }
}
