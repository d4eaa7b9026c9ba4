package io.mig.admin.conformance;

import java.util.Objects;

/**
 * One live check: its probe really exercises the gateway and either returns what it saw or throws
 * with what went wrong.
 */
public record ConformanceCheck(String name, Profile profile, Probe probe) {
    public ConformanceCheck {
        Objects.requireNonNull(name);
        Objects.requireNonNull(profile);
        Objects.requireNonNull(probe);
    }

    /** Runs the probe; any failure becomes {@code ok: false} with its message. */
    public CheckResult run() {
        try {
            return new CheckResult(name, profile, true, probe.run());
        } catch (Exception | AssertionError e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new CheckResult(name, profile, false, message);
        }
    }

    @FunctionalInterface
    public interface Probe {
        /** Returns a short description of what was verified; throws when the check fails. */
        String run() throws Exception;
    }
}
