package io.mig.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.conformance.kit.BindingConformanceKit;
import io.mig.conformance.kit.ConformanceKit;
import io.mig.conformance.kit.ConformanceKit.Result;
import io.mig.conformance.kit.ConformanceKit.Verdict;
import io.mig.conformance.kit.KitCase;
import io.mig.conformance.kit.Profile;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The kit's own shape: one JUnit method per case, and how results make profiles. */
class KitShapeTest {
    @Test
    void everyCaseHasItsTestMethodAndNoMethodLacksACase() {
        Set<String> ids = ConformanceKit.cases().stream().map(KitCase::id).collect(Collectors.toSet());
        Set<String> methods = Arrays.stream(BindingConformanceKit.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Test.class)).map(Method::getName).collect(Collectors.toSet());
        assertThat(methods).isEqualTo(ids);
        assertThat(ConformanceKit.cases()).hasSize(ids.size()); // ids are unique
        for (Method method : BindingConformanceKit.class.getDeclaredMethods()) {
            if (method.isAnnotationPresent(Test.class)) {
                assertThat(Modifier.isProtected(method.getModifiers())).as(method.getName() + " can be overridden").isTrue();
            }
        }
    }

    @Test
    void aProfileIsMetOnlyWhenItsCasesAndThoseOfTheProfilesItIncludesPassed() {
        List<Result> allPass = results(c -> Verdict.PASS);
        assertThat(ConformanceKit.profiles(allPass)).containsEntry(Profile.CORE, true).containsEntry(Profile.FULL, true);

        List<Result> coreFails = results(c -> c.id().equals("hello") ? Verdict.FAIL : Verdict.PASS);
        assertThat(ConformanceKit.profiles(coreFails)).doesNotContainValue(true);

        List<Result> noStreams = results(c -> c.profile() == Profile.STREAMING ? Verdict.NOT_APPLICABLE : Verdict.PASS);
        assertThat(ConformanceKit.profiles(noStreams)).isEqualTo(Map.of(Profile.CORE, true, Profile.STREAMING, false,
                Profile.EVENTED, true, Profile.FULL, false));

        List<Result> noMalformedJson = results(c -> c.id().equals("malformedJson") ? Verdict.NOT_APPLICABLE : Verdict.PASS);
        assertThat(ConformanceKit.profiles(noMalformedJson)).doesNotContainValue(false);

        List<Result> noSlowCapability = results(c -> c.id().equals("cancelStream") ? Verdict.SKIPPED : Verdict.PASS);
        assertThat(ConformanceKit.profiles(noSlowCapability)).containsEntry(Profile.CORE, true)
                .containsEntry(Profile.STREAMING, false).containsEntry(Profile.EVENTED, true);
        assertThat(ConformanceKit.describe(ConformanceKit.profiles(noSlowCapability)))
                .isEqualTo("core yes, streaming no, evented yes, full no");
    }

    private static List<Result> results(java.util.function.Function<KitCase, Verdict> verdict) {
        List<Result> results = new ArrayList<>();
        for (KitCase c : ConformanceKit.cases()) {
            results.add(new Result(c, verdict.apply(c), "", 0));
        }
        return results;
    }
}
