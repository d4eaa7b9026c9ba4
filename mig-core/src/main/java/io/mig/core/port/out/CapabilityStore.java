package io.mig.core.port.out;

import java.util.List;
import java.util.Optional;

/**
 * Where capability registrations live. {@code find} and {@code list} are on every call's path: a store
 * outside the JVM answers them from a local copy it keeps current by watching, and is told of changes
 * through {@link StoreChanges#watch} (SPEC §10: in force on every instance within 1 s).
 */
public interface CapabilityStore extends StoreChanges {
    Optional<CapabilityRegistration> find(String id);

    /** All registrations, ordered by id. */
    List<CapabilityRegistration> list();

    /** Inserts or replaces by id; returns true when the id was new. */
    boolean put(CapabilityRegistration registration);

    /** Returns true when something was removed. */
    boolean remove(String id);
}
