package io.mig.core.gateway;

import io.mig.core.spi.Cancellation;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** The one-shot cancellation of one invocation; callbacks run on the cancelling thread. */
final class CancellationSignal implements Cancellation {
    private final AtomicReference<String> reason = new AtomicReference<>();
    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();

    /** Fires the signal; returns false when it had fired already. */
    boolean cancel(String why) {
        if (!reason.compareAndSet(null, why == null ? "" : why)) {
            return false;
        }
        for (Runnable callback : callbacks) {
            try {
                callback.run();
            } catch (RuntimeException ignored) {
                // a provider's callback must not stop the others
            }
        }
        return true;
    }

    @Override
    public boolean isCancelled() {
        return reason.get() != null;
    }

    @Override
    public Optional<String> reason() {
        return Optional.ofNullable(reason.get());
    }

    @Override
    public void onCancel(Runnable action) {
        callbacks.add(action);
        if (isCancelled() && callbacks.remove(action)) {
            action.run();
        }
    }
}
