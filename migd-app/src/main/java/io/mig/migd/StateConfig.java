package io.mig.migd;

import io.mig.core.id.Ids;
import io.mig.core.spi.Settings;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the gateway keeps its state (SPEC §10) and which instance this process is: {@code MIGD_STATE},
 * and for {@code jetstream} the NATS servers, replicas, name prefix and timeout of the state
 * connection. Checked before anything is opened, like the rest of {@link MigdConfig}.
 *
 * @param mode {@link #MEMORY} or {@link #JETSTREAM}
 * @param natsUrl the NATS servers holding the state (comma-separated URLs); empty in {@code memory}
 * @param replicas JetStream replicas of every bucket and stream created at start
 * @param prefix the first part of every bucket and stream name ({@code MIGD_EVENTS}, …)
 * @param timeout how long a JetStream call may take before it answers {@code MIG_UNAVAILABLE}
 * @param instanceId this process among the instances sharing the state ({@code server_id} in HELLO,
 *     {@code instance_id} in the connection view)
 */
record StateConfig(String mode, Optional<String> natsUrl, int replicas, String prefix, Duration timeout,
                   String instanceId) {
    static final String MEMORY = "memory";
    static final String JETSTREAM = "jetstream";

    /** Stream and bucket names allow these (and JetStream refuses anything else in a name). */
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    /** An instance id is shown in views and logs and may be a pod or host name. */
    private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    static StateConfig from(Settings settings) {
        String mode = settings.get("MIGD_STATE", MEMORY).trim().toLowerCase(Locale.ROOT);
        if (!mode.equals(MEMORY) && !mode.equals(JETSTREAM)) {
            throw new ConfigException("MIGD_STATE: unknown state engine '" + settings.get("MIGD_STATE", "")
                    + "'; expected 'memory' or 'jetstream'");
        }
        String instanceId = settings.get("MIGD_INSTANCE_ID").map(String::trim).orElseGet(StateConfig::generatedId);
        if (!INSTANCE.matcher(instanceId).matches()) {
            throw new ConfigException("MIGD_INSTANCE_ID: '" + instanceId
                    + "' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        int replicas = MigdConfig.positiveInt(settings, "MIGD_JETSTREAM_REPLICAS", 1);
        if (replicas > 5) {
            throw new ConfigException("MIGD_JETSTREAM_REPLICAS: " + replicas + " is more than JetStream allows (5)");
        }
        String prefix = settings.get("MIGD_JETSTREAM_PREFIX", "MIGD").trim();
        if (!PREFIX.matcher(prefix).matches()) {
            throw new ConfigException("MIGD_JETSTREAM_PREFIX: '" + prefix
                    + "' must be 1 to 32 letters, digits, '_' or '-' (it starts every bucket and stream name)");
        }
        Duration timeout = Duration.ofMillis(MigdConfig.positiveLong(settings, "MIGD_JETSTREAM_TIMEOUT_MS", 2_000));
        Optional<String> url = settings.get("MIGD_NATS_URL").map(String::trim);
        if (mode.equals(JETSTREAM) && url.isEmpty()) {
            throw new ConfigException("MIGD_NATS_URL: required when MIGD_STATE=jetstream (the NATS servers that keep the state)");
        }
        return new StateConfig(mode, mode.equals(JETSTREAM) ? url : Optional.empty(), replicas, prefix, timeout, instanceId);
    }

    boolean jetstream() {
        return mode.equals(JETSTREAM);
    }

    /** Unique per process (the form server ids always had): {@code migd-} and 16 hex digits. */
    private static String generatedId() {
        return Ids.random("migd");
    }
}
