package io.mig.core.port.out;

import java.util.function.Consumer;

/**
 * A store whose entries can change behind this instance's back — in a store shared by several
 * gateway instances, another instance may put or remove an entry at any time. Whoever keeps
 * something derived from the entries (a compiled schema, an index, a built provider) watches the
 * store and drops what a change made stale.
 */
public interface StoreChanges {
    /**
     * Tells {@code changed} the key of every entry put or removed from now on — by this instance or
     * by any other sharing the store — once {@code find} answers with the change. Keys may be
     * repeated; the order of different keys is not specified. A store may call the listener on any
     * thread, and must not call it while holding a lock that {@code find} needs.
     *
     * @return closing it stops the notifications
     */
    AutoCloseable watch(Consumer<String> changed);
}
