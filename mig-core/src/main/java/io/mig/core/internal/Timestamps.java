package io.mig.core.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * ISO-8601 timestamps exactly as {@link Instant#toString()} writes them ({@code 2026-01-02T03:04:05.678Z},
 * the fraction in groups of three digits, none when zero), without its formatter: the envelope's
 * {@code timestamp} and every audit record take one per request. The date and time of day are
 * formatted once per second and reused; only the fraction is written per call.
 */
public final class Timestamps {
    /** 9999-12-31T23:59:59Z: later instants (and those before 1970) take {@link Instant#toString()}. */
    private static final long LAST_FAST_SECOND = 253_402_300_799L;
    /** {@code yyyy-MM-ddTHH:mm:ss}, without the zone. */
    private static final int PREFIX = 19;

    /** The last second formatted, shared by all threads (immutable, so a racing reader sees a whole one). */
    private static volatile Second last = new Second(-1, new byte[0]);

    private Timestamps() {
    }

    /** The clock's current instant, formatted. */
    public static String now(Clock clock) {
        return format(clock.instant());
    }

    /** {@code instant.toString()}, computed cheaply. */
    public static String format(Instant instant) {
        long second = instant.getEpochSecond();
        if (second < 0 || second > LAST_FAST_SECOND) {
            return instant.toString();
        }
        Second cached = last;
        if (cached.epochSecond != second) {
            String full = Instant.ofEpochSecond(second).toString(); // yyyy-MM-ddTHH:mm:ssZ
            cached = new Second(second, full.substring(0, PREFIX).getBytes(StandardCharsets.US_ASCII));
            last = cached;
        }
        int nano = instant.getNano();
        int digits;
        int fraction;
        if (nano == 0) {
            digits = 0;
            fraction = 0;
        } else if (nano % 1_000_000 == 0) {
            digits = 3;
            fraction = nano / 1_000_000;
        } else if (nano % 1_000 == 0) {
            digits = 6;
            fraction = nano / 1_000;
        } else {
            digits = 9;
            fraction = nano;
        }
        byte[] text = new byte[PREFIX + (digits == 0 ? 0 : digits + 1) + 1];
        System.arraycopy(cached.prefix, 0, text, 0, PREFIX);
        int at = PREFIX;
        if (digits > 0) {
            text[at] = '.';
            for (int i = digits; i > 0; i--) {
                text[at + i] = (byte) ('0' + fraction % 10);
                fraction /= 10;
            }
            at += digits + 1;
        }
        text[at] = 'Z';
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    private record Second(long epochSecond, byte[] prefix) {
    }
}
