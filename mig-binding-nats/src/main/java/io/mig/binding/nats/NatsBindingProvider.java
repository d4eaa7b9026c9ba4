package io.mig.binding.nats;

import io.mig.core.gateway.MigGateway;
import io.mig.core.spi.BindingContext;
import io.mig.core.spi.MigBinding;
import io.mig.core.spi.MigBindingProvider;
import io.mig.core.spi.Settings;
import java.util.Locale;

/**
 * The NATS binding, on when {@code MIGD_NATS_URL} is set (SPEC §7). With it come event mirroring
 * and NATS providers; the request/reply subjects are served unless
 * {@code MIGD_ENABLE_NATS_BINDING=false}. If NATS cannot be reached at start, migd does not start
 * (the error names the URL); once connected, the client reconnects by itself.
 */
public final class NatsBindingProvider implements MigBindingProvider {
    public static final String URL = "MIGD_NATS_URL";
    public static final String ENABLE = "MIGD_ENABLE_NATS_BINDING";
    private static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    /** Made in {@link #prepare}, before the gateway exists, and handed to the binding in {@link #create}. */
    private NatsLink link;

    @Override
    public String name() {
        return "nats";
    }

    @Override
    public int priority() {
        return 200; // after HTTP: the process serves its health routes before it talks to NATS
    }

    @Override
    public boolean enabled(Settings settings) {
        return settings.get(URL).isPresent();
    }

    @Override
    public void prepare(Settings settings, MigGateway.Builder gateway) {
        link = new NatsLink(url(settings));
        gateway.onPublish(link::mirror);
        gateway.providerFactory(new NatsProviderFactory(link));
    }

    @Override
    public MigBinding create(BindingContext context) {
        Settings settings = context.settings();
        NatsLink connection = link != null ? link : new NatsLink(url(settings));
        return new NatsBinding(connection, context.gateway(), requestReply(settings), maxBodyBytes(settings));
    }

    private static String url(Settings settings) {
        String url = settings.get(URL).orElseThrow().trim();
        if (!url.matches("(?i)(nats|tls|ws|wss)://[^\\s]+")) {
            throw new IllegalArgumentException(URL + ": expected a NATS URL such as nats://localhost:4222, got '" + url + "'");
        }
        return url;
    }

    private static boolean requestReply(Settings settings) {
        String value = settings.get(ENABLE, "true").trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException(ENABLE + ": expected true or false, got '" + value + "'");
        };
    }

    private static long maxBodyBytes(Settings settings) {
        try {
            long value = Long.parseLong(settings.get("MIGD_MAX_BODY_BYTES", Long.toString(DEFAULT_MAX_BODY_BYTES)).trim());
            return value > 0 ? value : DEFAULT_MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return DEFAULT_MAX_BODY_BYTES; // the HTTP binding reports the bad setting
        }
    }
}
