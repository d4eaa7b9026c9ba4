package io.mig.migd.abuse;

import java.util.List;

/**
 * An {@link Attack} made of its parts, so each attack reads as its name, its volumes, its bound and
 * its script:
 *
 * <pre>{@code
 * Scripted.attack("ws-upgrades", "finding 1: …", 4_000, 268_000, 8 * MIB, (target, n) -> …)
 *         .keepingAtMost(256)
 *         .verifying(target -> …);
 * }</pre>
 */
record Scripted(String name, String what, int shortVolume, int fullVolume, long heapGrowthBound,
                long retainedPerAttemptBound, Setup setup, Strike script, Check check) implements Attack {

    /** Makes the attempts; returns the problems seen. */
    @FunctionalInterface
    interface Strike {
        List<String> run(AbuseTarget target, int attempts) throws Exception;
    }

    @FunctionalInterface
    interface Setup {
        void run(AbuseTarget target) throws Exception;
    }

    /** Returns the problems found. */
    @FunctionalInterface
    interface Check {
        List<String> run(AbuseTarget target) throws Exception;
    }

    static Scripted attack(String name, String what, int shortVolume, int fullVolume, long heapGrowthBound, Strike strike) {
        return new Scripted(name, what, shortVolume, fullVolume, heapGrowthBound, 0, target -> { }, strike, target -> List.of());
    }

    /** Checks that an attempt after the warm-up keeps at most {@code bytes} (see {@link Attack#retainedPerAttemptBound}). */
    Scripted keepingAtMost(long bytes) {
        return new Scripted(name, what, shortVolume, fullVolume, heapGrowthBound, bytes, setup, script, check);
    }

    Scripted preparing(Setup setup) {
        return new Scripted(name, what, shortVolume, fullVolume, heapGrowthBound, retainedPerAttemptBound, setup, script, check);
    }

    Scripted verifying(Check check) {
        return new Scripted(name, what, shortVolume, fullVolume, heapGrowthBound, retainedPerAttemptBound, setup, script, check);
    }

    @Override
    public int volume(Scale scale) {
        return scale == Scale.SHORT ? shortVolume : fullVolume;
    }

    @Override
    public void prepare(AbuseTarget target) throws Exception {
        setup.run(target);
    }

    @Override
    public List<String> strike(AbuseTarget target, int attempts) throws Exception {
        return script.run(target, attempts);
    }

    @Override
    public List<String> verify(AbuseTarget target) throws Exception {
        return check.run(target);
    }
}
