package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A MIG binding (transport). On the wire: the lowercase name; accepted case-insensitively. */
public enum Binding {
    HTTP,
    GRPC,
    NATS;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name case-insensitively; an unknown name is a {@code MIG_INVALID_REQUEST}. */
    @JsonCreator
    public static Binding parse(String value) {
        return WireEnum.parse(Binding.class, value);
    }

    @Override
    public String toString() {
        return wire();
    }
}
