package io.mig.admin.conformance;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The conformance profiles of SPEC §8.2. */
public enum Profile {
    CORE, STREAMING, EVENTED, FULL;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
