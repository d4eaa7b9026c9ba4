package io.mig.conformance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Go-style flags ({@code -name value} or {@code --name=value}), as the original tools take them. */
final class Flags {
    private Flags() {
    }

    static Map<String, String> parse(String[] args, List<String> known) {
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
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("flag -" + name + " needs a value");
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown flag -" + name + "; known: -" + String.join(", -", known));
            }
            flags.put(name, value);
        }
        return flags;
    }
}
