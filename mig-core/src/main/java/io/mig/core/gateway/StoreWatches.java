package io.mig.core.gateway;

import io.mig.core.port.out.CancellationStore;
import io.mig.core.port.out.CapabilityStore;
import java.util.ArrayList;
import java.util.List;

/**
 * What the core keeps current by watching its shared stores (SPEC §10), so that a gateway sharing
 * them with other instances acts as one with them:
 *
 * <ul>
 *   <li>a cancellation recorded anywhere — here, or by the instance that received the CANCEL while
 *       the invocation runs here — aborts the local in-flight work with that {@code (tenant, id)},
 *       exactly as a local CANCEL would;</li>
 *   <li>a capability changed or removed anywhere drops the provider this instance built from its
 *       old {@code provider} block, so no stale client (and its bulkhead) outlives it.</li>
 * </ul>
 *
 * A watcher never lets an exception reach the store: with an in-memory store it runs on the writer's
 * thread, and the writer's put must not fail for what a watcher did.
 */
final class StoreWatches implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StoreWatches.class.getName());

    private final List<AutoCloseable> watches = new ArrayList<>();

    StoreWatches(CapabilityStore capabilities, ProviderResolver providers, CancellationStore cancellations,
                 InFlight inFlight) {
        watches.add(cancellations.watch((tenant, id, reason) -> guarded("cancellation of " + id,
                () -> inFlight.cancel(tenant, id, reason == null || reason.isEmpty() ? "cancelled by request" : reason))));
        watches.add(capabilities.watch(id -> guarded("change of capability " + id,
                () -> providers.forgetStale(id, capabilities.find(id).orElse(null)))));
    }

    private static void guarded(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "acting on the " + what + " failed", e);
        }
    }

    @Override
    public void close() {
        for (AutoCloseable watch : watches) {
            try {
                watch.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "closing a store watch failed", e);
            }
        }
        watches.clear();
    }
}
