package io.mig.binding.nats;

/**
 * The request subjects of guide §13.2: {@code mig.v0_1.<tenant>.<operation>[.<argument>]}. The
 * argument (capability, topic, message id) may itself contain dots, so it is the whole rest.
 */
final class Subjects {
    static final String PREFIX = "mig.v0_1.";
    /** Everything the request/reply binding listens to. */
    static final String ALL = PREFIX + "*.>";

    enum Operation {
        HELLO, DISCOVER, INVOKE, PUBLISH, CANCEL, HEARTBEAT, UNKNOWN;

        private final String label = name().toLowerCase(java.util.Locale.ROOT);

        /** The operation as errors are counted under it ({@code invoke}, {@code publish}, …). */
        String label() {
            return label;
        }
    }

    /** One parsed subject; {@code argument} is empty when the operation has none. */
    record Parsed(String tenant, Operation operation, String argument) {
    }

    private Subjects() {
    }

    static String events(String tenant, String topic) {
        return PREFIX + tenant + ".events." + topic;
    }

    static Parsed parse(String subject) {
        if (subject == null || !subject.startsWith(PREFIX)) {
            return new Parsed("", Operation.UNKNOWN, "");
        }
        String rest = subject.substring(PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot <= 0) {
            return new Parsed(rest, Operation.UNKNOWN, "");
        }
        String tenant = rest.substring(0, dot);
        String tail = rest.substring(dot + 1);
        if (tail.equals("hello")) {
            return new Parsed(tenant, Operation.HELLO, "");
        }
        if (tail.equals("discover")) {
            return new Parsed(tenant, Operation.DISCOVER, "");
        }
        if (tail.equals("control.heartbeat")) {
            return new Parsed(tenant, Operation.HEARTBEAT, "");
        }
        if (tail.startsWith("invoke.")) {
            return new Parsed(tenant, Operation.INVOKE, tail.substring("invoke.".length()));
        }
        if (tail.startsWith("events.")) {
            return new Parsed(tenant, Operation.PUBLISH, tail.substring("events.".length()));
        }
        if (tail.startsWith("control.cancel.")) {
            return new Parsed(tenant, Operation.CANCEL, tail.substring("control.cancel.".length()));
        }
        return new Parsed(tenant, Operation.UNKNOWN, tail);
    }
}
