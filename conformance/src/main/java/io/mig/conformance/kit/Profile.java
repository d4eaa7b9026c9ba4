package io.mig.conformance.kit;

import java.util.Locale;

/**
 * The MIG conformance profiles (SPEC §8.2), each met by a binding when every kit case of it passed
 * there (a case that does not apply to the binding, or that the target could not run, counts
 * against the profile only when it is {@linkplain KitCase#essential() essential} to it).
 */
public enum Profile {
    /** HELLO, DISCOVER, unary INVOKE, the error model, idempotency, deadlines, CANCEL, HEARTBEAT, tenants. */
    CORE,
    /** Core, plus streamed INVOKE and CANCEL of a running stream. */
    STREAMING,
    /** Core, plus PUBLISH and SUBSCRIBE with replay, cursors and tenant isolation. */
    EVENTED,
    /** Streaming and evented, plus {@code traceparent} carried through. */
    FULL;

    /** The profile's name as HELLO's {@code profiles} spells it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The profiles this one includes (SPEC §8.2: every profile includes core). */
    boolean includes(Profile other) {
        return switch (this) {
            case CORE -> other == CORE;
            case STREAMING -> other == CORE || other == STREAMING;
            case EVENTED -> other == CORE || other == EVENTED;
            case FULL -> true;
        };
    }
}
