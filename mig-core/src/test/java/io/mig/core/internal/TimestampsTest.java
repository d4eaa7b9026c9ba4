package io.mig.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    @Test
    void formatsEveryInstantAsInstantToStringDoes() {
        SplittableRandom random = new SplittableRandom(12);
        int[] nanos = {0, 1, 999_999_999, 5_000_000, 120_000_000, 123_456_000, 1_000, 100, 123_456_789};
        for (int i = 0; i < 20_000; i++) {
            long second = i % 3 == 0 ? random.nextLong(0, 4_102_444_800L) : random.nextLong(-100_000_000_000L, 400_000_000_000L);
            int nano = i % 2 == 0 ? nanos[i % nanos.length] : random.nextInt(1_000_000_000);
            Instant instant = Instant.ofEpochSecond(second, nano);
            assertThat(Timestamps.format(instant)).as("%s", instant).isEqualTo(instant.toString());
        }
    }

    @Test
    void consecutiveCallsAcrossSecondsUseTheirOwnSecond() {
        Instant base = Instant.parse("2026-12-31T23:59:58.250Z");
        for (int ms = 0; ms < 4_000; ms += 125) {
            Instant instant = base.plusMillis(ms);
            assertThat(Timestamps.format(instant)).isEqualTo(instant.toString());
            assertThat(Timestamps.now(Clock.fixed(instant, ZoneOffset.UTC))).isEqualTo(instant.toString());
        }
        assertThat(Timestamps.format(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(Timestamps.format(Instant.parse("9999-12-31T23:59:59.5Z"))).isEqualTo("9999-12-31T23:59:59.500Z");
        assertThat(Timestamps.format(Instant.parse("+10000-01-01T00:00:00Z"))).isEqualTo("+10000-01-01T00:00:00Z");
    }
}
