package io.mig.core.memory;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The watchers of one in-memory store: told after the change, outside the store's locks, on the
 * thread that made it.
 */
final class Listeners<T> {
    private final CopyOnWriteArrayList<T> listeners = new CopyOnWriteArrayList<>();

    AutoCloseable add(T listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void tell(Consumer<T> call) {
        for (T listener : listeners) {
            call.accept(listener);
        }
    }
}
