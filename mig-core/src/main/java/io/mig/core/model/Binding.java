package io.mig.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.mig.core.error.MigException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The name of a MIG binding (transport), as the binding declares it: {@code http}, {@code grpc},
 * {@code nats}, {@code mcp}, or the name of a binding of your own ({@code Binding.of("tcp")}). On the
 * wire: the lowercase name; accepted case-insensitively. Two bindings are equal when their names are.
 *
 * <p>A binding is not a closed set: the gateway learns the names in use from the bindings that
 * start ({@code bindingStarted}), so HELLO can select {@code tcp} when a {@code tcp} binding runs, and
 * audit and metrics name it. Names are short (1–32 characters of {@code a-z 0-9 _ -}, starting with a
 * letter) so that a label value stays a label. {@link #MCP} is MIG's interop mapping onto the Model
 * Context Protocol (SPEC §12): it has no protobuf number, and a gateway record of the control plane
 * cannot name it (SPEC §5).
 */
public final class Binding {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    public static final Binding HTTP = new Binding("http");
    public static final Binding GRPC = new Binding("grpc");
    public static final Binding NATS = new Binding("nats");
    public static final Binding MCP = new Binding("mcp");

    private static final List<Binding> BUILT_IN = List.of(HTTP, GRPC, NATS, MCP);

    private final String name;

    private Binding(String name) {
        this.name = name;
    }

    /**
     * The binding called {@code name} (case-insensitive, surrounding blanks ignored); the built-in
     * names give the constants.
     *
     * @throws MigException {@code MIG_INVALID_REQUEST} when the name is empty or not a short name
     */
    @JsonCreator
    public static Binding of(String name) {
        if (name == null) {
            return null;
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Binding binding : BUILT_IN) {
            if (binding.name.equals(wanted)) {
                return binding;
            }
        }
        if (!NAME.matcher(wanted).matches()) {
            throw MigException.invalid("binding name '" + name + "' is not a short name (a letter, then up to 31 of"
                    + " a-z, 0-9, '_' and '-')");
        }
        return new Binding(wanted);
    }

    /**
     * One of the bindings MIG itself defines ({@code http}, {@code grpc}, {@code nats}, {@code mcp});
     * for a field whose values the SPEC closes (e.g. a gateway record's binding).
     *
     * @throws MigException {@code MIG_INVALID_REQUEST} for any other name
     */
    public static Binding parse(String value) {
        if (value == null) {
            return null;
        }
        for (Binding binding : BUILT_IN) {
            if (binding.name.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return binding;
            }
        }
        throw MigException.invalid("unknown Binding '" + value + "'; expected one of http, grpc, nats, mcp");
    }

    /** Whether this is one of the bindings MIG itself defines (see {@link #parse}). */
    public boolean builtIn() {
        return BUILT_IN.contains(this);
    }

    /** The lowercase name, as on the wire and in audit records and metric labels. */
    @JsonValue
    public String wire() {
        return name;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Binding binding && binding.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
