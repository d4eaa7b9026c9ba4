package io.mig.core.port.out;

import java.util.List;

/** Every binding registers its long-lived streams here; the admin view reads them. */
public interface ConnectionRegistry {
    /**
     * Registers a connection; closing the returned handle removes it (idempotent).
     *
     * @param connection its {@code id} may be null: the registry assigns one
     */
    Handle register(Connection connection);

    List<Connection> list();

    interface Handle extends AutoCloseable {
        String id();

        @Override
        void close();
    }
}
