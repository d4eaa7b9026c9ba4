package io.mig.conformance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Go-style flags ({@code -name value} or {@code --name=value}), as the original tools take them. */
final class Flags {
    private Flags() {
    }

    static Map<String, String> parse(String[] args, List<String> known) {
        return parse(args, known, List.of());
    }

    /**
     * @param switches boolean flags: {@code -name} alone means {@code true}; {@code -name=false} turns it off
     */
    static Map<String, String> parse(String[] args, List<String> known, List<String> switches) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.replaceFirst("^--?", "");
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (switches.contains(name)) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("flag -" + name + " needs a value");
            }
            if (switches.contains(name)) {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new IllegalArgumentException("flag -" + name + " is true or false, not '" + value + "'");
                }
            } else if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown flag -" + name + "; known: -"
                        + String.join(", -", java.util.stream.Stream.concat(known.stream(), switches.stream()).toList()));
            }
            flags.put(name, value);
        }
        return flags;
    }
}
