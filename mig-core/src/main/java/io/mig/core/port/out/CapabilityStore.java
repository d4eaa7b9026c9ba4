package io.mig.core.port.out;

import java.util.List;
import java.util.Optional;

/** Where capability registrations live. */
public interface CapabilityStore {
    Optional<CapabilityRegistration> find(String id);

    /** All registrations, ordered by id. */
    List<CapabilityRegistration> list();

    /** Inserts or replaces by id; returns true when the id was new. */
    boolean put(CapabilityRegistration registration);

    /** Returns true when something was removed. */
    boolean remove(String id);
}
