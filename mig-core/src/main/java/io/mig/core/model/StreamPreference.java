package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What an invoker asks for. On the wire: the lowercase name; accepted case-insensitively. */
public enum StreamPreference {
    UNARY,
    SERVER_STREAM,
    BIDI_STREAM;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name case-insensitively; an unknown name is a {@code MIG_INVALID_REQUEST}. */
    @JsonCreator
    public static StreamPreference parse(String value) {
        return WireEnum.parse(StreamPreference.class, value);
    }

    @Override
    public String toString() {
        return wire();
    }
}
