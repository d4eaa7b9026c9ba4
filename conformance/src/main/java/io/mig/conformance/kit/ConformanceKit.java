package io.mig.conformance.kit;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The conformance kit: every MIG behaviour a client of any binding relies on, written once against
 * {@link MigWire}, run over one binding at a time — by the JUnit subclasses of
 * {@link BindingConformanceKit} against a gateway they start, and by the {@code mig-conformance},
 * {@code mig-grpc-smoke} and {@code mig-nats-smoke} commands against a remote one.
 */
public final class ConformanceKit {
    private ConformanceKit() {
    }

    /** How a case ended on one binding. */
    public enum Verdict {
        PASS, FAIL,
        /** the binding cannot express the case (its wire said why) */
        NOT_APPLICABLE,
        /** the target lacks a prerequisite (e.g. no slow capability, no tokens) */
        SKIPPED
    }

    /** One case's result. */
    public record Result(KitCase kitCase, Verdict verdict, String detail, long millis) {
        public boolean ok() {
            return verdict == Verdict.PASS;
        }
    }

    /** Every case, in the order they run: core first, then streaming, evented, full. */
    public static List<KitCase> cases() {
        return Stream.of(CoreCases.all(), StreamingCases.all(), EventedCases.all(), FullCases.all())
                .flatMap(List::stream).toList();
    }

    /** The case with this id. */
    public static KitCase byId(String id) {
        return cases().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no kit case " + id));
    }

    /** Runs one case; never throws. */
    public static Result run(KitCase kitCase, KitContext kit) {
        long start = System.nanoTime();
        Verdict verdict;
        String detail;
        try {
            detail = kitCase.body().run(kit);
            verdict = Verdict.PASS;
        } catch (MigWire.NotApplicable e) {
            verdict = Verdict.NOT_APPLICABLE;
            detail = e.getMessage();
        } catch (KitCase.Skipped e) {
            verdict = Verdict.SKIPPED;
            detail = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            verdict = Verdict.FAIL;
            detail = "interrupted";
        } catch (Exception | AssertionError e) {
            verdict = Verdict.FAIL;
            detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new Result(kitCase, verdict, detail, (System.nanoTime() - start) / 1_000_000);
    }

    /** Runs every case over {@code wire}, printing one line per case, then the profiles met. */
    public static List<Result> run(MigWire wire, KitTarget target, PrintStream out) {
        KitContext kit = new KitContext(wire, target);
        List<Result> results = new ArrayList<>();
        for (KitCase kitCase : cases()) {
            Result result = run(kitCase, kit);
            results.add(result);
            out.printf("%-4s  %-4s %-9s %-58s %s (%d ms)%n", label(result.verdict()), wire.name(),
                    kitCase.profile().label(), kitCase.title(), result.detail(), result.millis());
        }
        long passed = results.stream().filter(Result::ok).count();
        long failed = results.stream().filter(r -> r.verdict() == Verdict.FAIL).count();
        out.printf("%s: %d passed, %d failed, %d not applicable, %d skipped%n", wire.name(), passed, failed,
                results.stream().filter(r -> r.verdict() == Verdict.NOT_APPLICABLE).count(),
                results.stream().filter(r -> r.verdict() == Verdict.SKIPPED).count());
        out.println(wire.name() + " profiles: " + describe(profiles(results)));
        return results;
    }

    /**
     * Which profiles the results establish: a profile is met when every case of it and of the
     * profiles it includes passed, or was not applicable or skipped without being essential.
     */
    public static Map<Profile, Boolean> profiles(List<Result> results) {
        Map<Profile, Boolean> met = new EnumMap<>(Profile.class);
        for (Profile profile : Profile.values()) {
            met.put(profile, results.stream().filter(r -> profile.includes(r.kitCase().profile())).allMatch(r ->
                    r.verdict() == Verdict.PASS || r.verdict() != Verdict.FAIL && !r.kitCase().essential()));
        }
        return met;
    }

    /** {@code core yes, streaming no, …} */
    public static String describe(Map<Profile, Boolean> profiles) {
        List<String> parts = new ArrayList<>();
        profiles.forEach((profile, met) -> parts.add(profile.label() + (met ? " yes" : " no")));
        return String.join(", ", parts);
    }

    /** Whether every case passed or does not apply to the binding (nothing failed, nothing skipped). */
    public static boolean clean(List<Result> results) {
        return results.stream().allMatch(r -> r.verdict() == Verdict.PASS || r.verdict() == Verdict.NOT_APPLICABLE);
    }

    private static String label(Verdict verdict) {
        return switch (verdict) {
            case PASS -> "PASS";
            case FAIL -> "FAIL";
            case NOT_APPLICABLE -> "N/A";
            case SKIPPED -> "SKIP";
        };
    }
}
