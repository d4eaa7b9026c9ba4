package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A MIG binding (transport). On the wire: the lowercase name; accepted case-insensitively.
 * {@link #MCP} is MIG's interop mapping onto the Model Context Protocol (SPEC §12): it has no
 * protobuf number, and a gateway record of the control plane cannot name it (SPEC §5).
 */
public enum Binding {
    HTTP,
    GRPC,
    NATS,
    MCP;

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
