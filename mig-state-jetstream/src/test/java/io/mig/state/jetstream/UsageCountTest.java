package io.mig.state.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The usage value: a batch already applied is recognised, so a retry does not count it twice. */
class UsageCountTest {
    @Test
    void aBatchIsAppliedOncePerInstance() {
        UsageCount count = UsageCount.NONE.plus(3, "a", 1, 1000);
        assertThat(count.applied("a", 1)).isTrue();
        assertThat(count.applied("a", 2)).isFalse();
        assertThat(count.applied("b", 1)).as("another instance's numbers are its own").isFalse();
        count = count.plus(4, "b", 1, 1000).plus(5, "a", 2, 1001);
        assertThat(count.count()).isEqualTo(12);
        assertThat(count.applied("a", 2)).isTrue();
        assertThat(count.applied("b", 1)).isTrue();
    }

    @Test
    void instancesNotHeardOfForADayAreForgotten() {
        UsageCount count = UsageCount.NONE.plus(1, "gone", 7, 1000).plus(1, "live", 1, 1000 + 24 * 3600 - 1);
        assertThat(count.batches()).containsOnlyKeys("gone", "live");
        count = count.plus(1, "live", 2, 1000 + 24 * 3600);
        assertThat(count.batches()).containsOnlyKeys("live");
        assertThat(count.count()).isEqualTo(3);
    }
}
