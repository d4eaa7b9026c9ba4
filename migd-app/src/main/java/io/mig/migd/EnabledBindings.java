package io.mig.migd;

import io.mig.core.spi.MigBindingProvider;
import io.mig.core.spi.Settings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which of the bindings on the class path migd starts. Without {@value #SETTING}, every binding
 * whose own settings turn it on (HTTP always, gRPC with {@code MIGD_GRPC_ADDR}, …); with it, only the
 * bindings it lists, each of which must be on the class path and turned on by its own settings. HTTP
 * is one binding like the others: {@code MIGD_BINDINGS=grpc,nats} runs migd without it.
 */
final class EnabledBindings {
    static final String SETTING = "MIGD_BINDINGS";
    static final String HTTP = "http";
    private static final System.Logger LOG = System.getLogger("migd");

    private EnabledBindings() {
    }

    /**
     * The providers to prepare and start, in start order.
     *
     * @throws ConfigException naming {@value #SETTING} when it lists a binding that is missing or off,
     *                         or when no binding is left
     */
    static List<MigBindingProvider> select(Settings settings, List<MigBindingProvider> onClassPath) {
        Set<String> listed = listed(settings);
        List<MigBindingProvider> selected = new ArrayList<>();
        for (MigBindingProvider provider : onClassPath) {
            boolean on = provider.enabled(settings);
            if (listed == null) {
                if (on) {
                    selected.add(provider);
                }
            } else if (listed.contains(provider.name())) {
                if (!on) {
                    throw new ConfigException(SETTING + ": '" + provider.name() + "' is listed, but its own settings"
                            + " leave it off (docs/CONFIGURATION.md says which variable turns it on)");
                }
                selected.add(provider);
            } else if (on) {
                LOG.log(System.Logger.Level.INFO, "binding " + provider.name() + " is configured but not in "
                        + SETTING + "; it stays off");
            }
        }
        if (listed != null) {
            List<String> missing = listed.stream()
                    .filter(name -> onClassPath.stream().noneMatch(p -> p.name().equals(name))).toList();
            if (!missing.isEmpty()) {
                throw new ConfigException(SETTING + ": no binding " + missing + " on the class path (there are "
                        + onClassPath.stream().map(MigBindingProvider::name).toList() + ")");
            }
        }
        if (selected.isEmpty()) {
            throw new ConfigException(SETTING + ": no binding is enabled, so migd would serve nothing");
        }
        return List.copyOf(selected);
    }

    /** The names {@value #SETTING} lists, lowercase; null when it is unset or blank (every configured binding). */
    private static Set<String> listed(Settings settings) {
        String value = settings.get(SETTING).map(String::trim).orElse("");
        if (value.isEmpty()) {
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        Arrays.stream(value.split(",")).map(String::trim).filter(name -> !name.isEmpty())
                .map(name -> name.toLowerCase(Locale.ROOT)).forEach(names::add);
        return names;
    }
}
