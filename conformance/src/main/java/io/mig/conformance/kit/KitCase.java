package io.mig.conformance.kit;

/**
 * One behaviour of the kit: an id (the name of its test method in {@link BindingConformanceKit}),
 * a sentence saying what it proves, the profile it belongs to, whether that profile needs it on
 * every binding, and its body.
 */
public record KitCase(String id, String title, Profile profile, boolean essential, Body body) {
    /** The check itself; returns a short detail on success, throws on failure. */
    @FunctionalInterface
    public interface Body {
        String run(KitContext kit) throws Exception;
    }

    /** A case whose prerequisite the target lacks (e.g. no slow capability): neither pass nor fail. */
    public static final class Skipped extends Exception {
        private static final long serialVersionUID = 1L;

        public Skipped(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A failed expectation. */
    public static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;

        public Failed(String message) {
            super(message, null, false, false);
        }
    }
}
