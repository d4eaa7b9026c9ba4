package io.mig.migd.logging;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one timestamp form of every log line: ISO-8601 in UTC with milliseconds, always 24 characters.
 * The text up to the second is formatted once per second and kept; lines in the same second only add
 * their milliseconds (the formatter had been a fifth of the log writer's time at 12,000 lines a second).
 */
final class LogTime {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.")
            .withZone(ZoneOffset.UTC);

    /** The text of one second, up to and with the dot before the milliseconds. */
    private record Second(long epochSecond, String text) {
    }

    private static volatile Second last = second(0);

    private LogTime() {
    }

    static String format(long epochMillis) {
        long epochSecond = Math.floorDiv(epochMillis, 1000);
        int millis = (int) Math.floorMod(epochMillis, 1000);
        Second second = last;
        if (second.epochSecond() != epochSecond) {
            second = second(epochSecond);
            last = second;
        }
        StringBuilder text = new StringBuilder(second.text().length() + 4).append(second.text());
        return text.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
                .append((char) ('0' + millis % 10)).append('Z').toString();
    }

    private static Second second(long epochSecond) {
        return new Second(epochSecond, SECONDS.format(Instant.ofEpochSecond(epochSecond)));
    }
}
