package io.mig.examples.jsonl;

import io.mig.core.spi.BindingContext;
import io.mig.core.spi.ListenAddress;
import io.mig.core.spi.MigBinding;
import io.mig.core.spi.MigBindingProvider;
import io.mig.core.spi.Settings;

/**
 * Finds the JSON-lines binding for {@code migd} ({@code META-INF/services}). On when
 * {@value #ADDR} is set (e.g. {@code :7070}, or {@code 127.0.0.1:0} for a free port);
 * {@value #MAX_LINE} bounds one request line (default 1 MiB).
 */
public final class JsonlBindingProvider implements MigBindingProvider {
    /** Where the binding listens. */
    public static final String ADDR = "MIGD_JSONL_ADDR";
    /** The longest request line accepted, in bytes. */
    public static final String MAX_LINE = "MIGD_JSONL_MAX_LINE_BYTES";
    static final int DEFAULT_MAX_LINE = 1 << 20;

    @Override
    public String name() {
        return JsonlBinding.NAME.wire();
    }

    @Override
    public boolean enabled(Settings settings) {
        return settings.get(ADDR).isPresent();
    }

    @Override
    public MigBinding create(BindingContext context) {
        ListenAddress address;
        try {
            address = ListenAddress.parse(context.settings().get(ADDR, ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ADDR + ": " + e.getMessage(), e);
        }
        int maxLine;
        try {
            maxLine = Integer.parseInt(context.settings().get(MAX_LINE, String.valueOf(DEFAULT_MAX_LINE)).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MAX_LINE + ": not a number", e);
        }
        if (maxLine < 1024) {
            throw new IllegalArgumentException(MAX_LINE + ": must be at least 1024");
        }
        return new JsonlBinding(context.gateway(), address, maxLine);
    }
}
