package io.mig.migd.abuse;

import java.util.List;

/**
 * One attack of the suite: a bounded script against the {@link AbuseTarget}. The suite measures
 * the heap after GC before the attack, after a warm-up quarter of its attempts and after the rest
 * ({@link #strike} is called twice), and fails it when the heap grew past {@link #heapGrowthBound},
 * when the attempts after the warm-up kept more than {@link #retainedPerAttemptBound} each, when
 * {@code /healthz} failed or was slow meanwhile, or when {@link #verify} finds a broken guarantee.
 */
interface Attack {
    /** The name {@code bench/abuse --attack} takes. */
    String name();

    /** The finding of issue #11 it replays, and what it does, in one line. */
    String what();

    /**
     * Attempts at the short scale (the test command) and at full scale ({@code bench/abuse}, sized
     * to end in about half an hour on a loaded two-core machine; {@code --attempts} sets any other).
     */
    int volume(Scale scale);

    /** How much the heap after GC may grow over the attack, in bytes; the reason is in docs/SECURITY.md. */
    long heapGrowthBound();

    /**
     * Bytes of heap after GC one attempt after the warm-up may keep, for an attack that should keep
     * nothing (0: not checked, for attacks whose bounds keep data on purpose). Far below what the
     * leak the attack replays kept per attempt, far above the measurement's noise.
     */
    long retainedPerAttemptBound();

    /** Runs before the first half (e.g. stores the result a later check must still find). */
    default void prepare(AbuseTarget target) throws Exception {
    }

    /** Makes {@code attempts} attempts; returns the problems seen (wrong answers), empty when none. */
    List<String> strike(AbuseTarget target, int attempts) throws Exception;

    /** Runs after the second half: the guarantees that must have survived; the problems found. */
    default List<String> verify(AbuseTarget target) throws Exception {
        return List.of();
    }

    /** The two sizes the suite runs at. */
    enum Scale {
        /** In the README's test command: enough volume that an unbounded structure passes the bound. */
        SHORT,
        /** On demand, {@code bench/abuse}: ten times the short volumes or more, the where they fit. */
        FULL
    }
}
