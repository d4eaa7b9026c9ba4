package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Event delivery guarantee of a capability. On the wire: the lowercase name; accepted case-insensitively. */
public enum DeliverySemantics {
    BEST_EFFORT,
    AT_LEAST_ONCE,
    EXACTLY_ONCE;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name case-insensitively; an unknown name is a {@code MIG_INVALID_REQUEST}. */
    @JsonCreator
    public static DeliverySemantics parse(String value) {
        return WireEnum.parse(DeliverySemantics.class, value);
    }

    @Override
    public String toString() {
        return wire();
    }
}
