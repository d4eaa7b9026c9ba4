package io.mig.state.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The counter value of the quota store: two windows kept, the newest first. */
class QuotaCountTest {
    @Test
    void countsUpToTheMaxInItsWindow() {
        QuotaCount count = QuotaCount.first(60);
        count = count.plusOne(60, 2);
        assertThat(count.usedIn(60)).isEqualTo(2);
        assertThat(count.plusOne(60, 2)).as("full").isNull();
    }

    @Test
    void aNewWindowStartsAtOneAndKeepsThePreviousForALaggingClock() {
        QuotaCount count = QuotaCount.first(60).plusOne(60, 5).plusOne(120, 5);
        assertThat(count.usedIn(120)).isEqualTo(1);
        assertThat(count.usedIn(60)).isEqualTo(2);
        count = count.plusOne(60, 3);
        assertThat(count.usedIn(60)).as("counted into the previous window").isEqualTo(3);
        assertThat(count.plusOne(60, 3)).as("the previous window is full too").isNull();
        assertThat(count.usedIn(120)).isEqualTo(1);
    }

    @Test
    void aWindowOlderThanTheTwoKeptIsRefusedAndReadsAsZero() {
        QuotaCount count = QuotaCount.first(60).plusOne(120, 5).plusOne(180, 5);
        assertThat(count.usedIn(60)).isZero();
        assertThat(count.plusOne(60, 5)).isNull();
        assertThat(count.usedIn(120)).isEqualTo(1);
        assertThat(count.usedIn(180)).isEqualTo(1);
    }
}
