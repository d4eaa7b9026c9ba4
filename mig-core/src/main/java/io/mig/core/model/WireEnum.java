package io.mig.core.model;

import io.mig.core.error.MigException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

final class WireEnum {
    private WireEnum() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value) {
        if (value == null) {
            return null;
        }
        String wanted = value.trim().toUpperCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        throw MigException.invalid("unknown " + type.getSimpleName() + " '" + value + "'; expected one of "
                + Arrays.stream(type.getEnumConstants())
                        .map(e -> e.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", ")));
    }
}
