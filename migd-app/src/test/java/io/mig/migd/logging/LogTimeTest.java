package io.mig.migd.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The kept second changes nothing: every instant reads as the full formatter writes it. */
class LogTimeTest {
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    @Test
    void everyInstantReadsAsTheFullFormatterWritesItInAnyOrder() {
        Random random = new Random(12);
        long now = System.currentTimeMillis();
        long[] edges = {0, 1, 999, 1000, 1001, -1, -999, -1000, -1001, now, now + 1, now - 1, 253_402_300_799_999L};
        for (long millis : edges) {
            assertThat(LogTime.format(millis)).as("%d", millis).isEqualTo(FULL.format(Instant.ofEpochMilli(millis)));
        }
        long millis = now;
        for (int i = 0; i < 20_000; i++) {
            // mostly steps within a second, sometimes across one, sometimes back in time or far away
            millis = switch (random.nextInt(10)) {
                case 0 -> random.nextLong(253_402_300_800_000L);
                case 1 -> millis - random.nextInt(2_000);
                default -> millis + random.nextInt(40);
            };
            String text = LogTime.format(millis);
            assertThat(text).as("%d", millis).isEqualTo(FULL.format(Instant.ofEpochMilli(millis)));
            if (millis >= 0) {
                assertThat(text).hasSize(24);
            }
        }
    }
}
