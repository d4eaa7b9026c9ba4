package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a capability can be invoked. On the wire: the lowercase name; accepted case-insensitively. */
public enum InvocationMode {
    UNARY,
    SERVER_STREAM,
    CLIENT_STREAM,
    BIDI_STREAM;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name case-insensitively; an unknown name is a {@code MIG_INVALID_REQUEST}. */
    @JsonCreator
    public static InvocationMode parse(String value) {
        return WireEnum.parse(InvocationMode.class, value);
    }

    @Override
    public String toString() {
        return wire();
    }
}
