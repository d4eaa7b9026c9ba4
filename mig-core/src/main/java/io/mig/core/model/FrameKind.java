package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The kind of a stream frame. On the wire: the lowercase name; accepted case-insensitively. */
public enum FrameKind {
    REQUEST,
    RESPONSE,
    EVENT,
    CONTROL,
    ERROR;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name case-insensitively; an unknown name is a {@code MIG_INVALID_REQUEST}. */
    @JsonCreator
    public static FrameKind parse(String value) {
        return WireEnum.parse(FrameKind.class, value);
    }

    @Override
    public String toString() {
        return wire();
    }
}
