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
    private final java.util.Set<Ticket> open = ConcurrentHashMap.newKeySet();
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
        return admit(tenant, onCancel, error -> onCancel.accept(error.getMessage()), ids);
    }

    /** As {@link #admit(String, Consumer, String...)}; {@code onAbort} ends the work with an error of the gateway's. */
    Ticket admit(String tenant, Consumer<String> onCancel, Consumer<MigException> onAbort, String... ids) {
        if (running.incrementAndGet() > capacity) {
            running.decrementAndGet();
            throw MigException.backpressure("the gateway is at capacity (" + capacity + " invocations in flight)")
                    .withDetail("max_inflight", capacity);
        }
        Ticket ticket = new Ticket(tenant, ids, onCancel, onAbort);
        open.add(ticket);
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

    /**
     * Ends all work still running with {@code cause} (a shutdown after the drain), so that each caller
     * is answered, and audited, with the same error; returns how many were ended.
     */
    int abortAll(MigException cause) {
        int n = 0;
        for (Ticket ticket : java.util.List.copyOf(open)) {
            if (!ticket.closed.get()) {
                ticket.onAbort.accept(cause);
                n++;
            }
        }
        return n;
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
        private final Consumer<MigException> onAbort;
        private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

        private Ticket(String tenant, String[] ids, Consumer<String> onCancel, Consumer<MigException> onAbort) {
            this.tenant = tenant;
            this.ids = ids;
            this.onCancel = onCancel;
            this.onAbort = onAbort;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                open.remove(this);
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
