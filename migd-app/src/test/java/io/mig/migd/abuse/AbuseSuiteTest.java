package io.mig.migd.abuse;

import static io.mig.migd.abuse.AbuseTarget.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The short form of the resource-exhaustion suite (issue #11), in the test command: every attack
 * of {@link AbuseSuite#ATTACKS} at {@link Attack.Scale#SHORT} against a migd process with
 * {@value AbuseTarget#HEAP}, one test per attack. {@code bench/abuse} runs the same at full scale.
 */
class AbuseSuiteTest {
    private static Map<String, AbuseSuite.Result> results;

    @BeforeAll
    static void runTheSuite() throws Exception {
        List<AbuseSuite.Result> run = AbuseSuite.run(AbuseSuite.ATTACKS, Attack.Scale.SHORT, System.out);
        results = run.stream().collect(Collectors.toMap(r -> r.attack().name(), Function.identity()));
    }

    @TestFactory
    List<DynamicTest> everyAttackHoldsItsBoundsAndHealthzAnswers() {
        return AbuseSuite.ATTACKS.stream().map(attack -> DynamicTest.dynamicTest(attack.name(), () -> {
            AbuseSuite.Result result = results.get(attack.name());
            assertThat(result).as("%s ran (migd was still running)", attack.name()).isNotNull();
            assertThat(result.problems()).as(result.line()).isEmpty();
            assertThat(result.health().probes()).as("/healthz was probed during %s", attack.name()).isPositive();
        })).toList();
    }

    /**
     * The control row: the meter must see what migd keeps. The retained events are kept up to their
     * 32 MiB bound on purpose, so the heap after GC must have grown by a good part of that; a meter
     * that measured nothing (or the wrong process) would pass every other row.
     */
    @TestFactory
    List<DynamicTest> theHeapMeterSeesRetainedData() {
        return List.of(DynamicTest.dynamicTest("retained-events grew the heap", () -> {
            AbuseSuite.Result events = results.get("retained-events");
            assertThat(events).isNotNull();
            assertThat(events.growth()).as(events.line()).isGreaterThan(16 * MIB);
        }));
    }
}
