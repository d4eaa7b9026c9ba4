package io.mig.binding.grpc;

import com.google.protobuf.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * RFC 3339 strings of the core's headers as protobuf {@link Timestamp}s. Every answer carries one
 * (the gateway stamps its headers with {@code Instant.toString()}), and {@link Instant#parse} cost
 * 7 % of a unary {@code Invoke}'s CPU in the P4 profile; the form {@code Instant.toString()} writes
 * ({@code 2026-12-01T17:50:00.123Z}: four-digit year, upper-case {@code T} and {@code Z}, 0–9
 * fraction digits) is read here by hand, anything else by {@link Instant#parse}, so the result is the
 * same as before for every string.
 */
final class Rfc3339 {
    /** {@code yyyy-MM-ddTHH:mm:ss}: the part before the optional fraction. */
    private static final int SECONDS_END = 19;

    private Rfc3339() {
    }

    /** The string as a Timestamp; null when it is not an RFC 3339 instant (times are informational). */
    static Timestamp timestamp(String rfc3339) {
        Timestamp fast = common(rfc3339);
        if (fast != null) {
            return fast;
        }
        try {
            Instant i = Instant.parse(rfc3339);
            return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The common form read without a formatter; null for anything else (the caller parses it fully). */
    static Timestamp common(String s) {
        int length = s.length();
        if (length < SECONDS_END + 1 || length > SECONDS_END + 11 || s.charAt(length - 1) != 'Z'
                || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        // a leap second (:60) and other out-of-range fields are left to Instant.parse, which decides
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (length > SECONDS_END + 1) {
            int fractionDigits = length - SECONDS_END - 2;
            if (s.charAt(SECONDS_END) != '.' || fractionDigits < 1) {
                return null;
            }
            nanos = digits(s, SECONDS_END + 1, fractionDigits);
            if (nanos < 0) {
                return null;
            }
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay(); // checks the day against the month
        } catch (DateTimeException e) {
            return null;
        }
        long seconds = epochDay * 86_400 + hour * 3_600L + minute * 60L + second;
        return Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build();
    }

    /** The non-negative number in {@code count} ASCII digits from {@code from}; -1 when one is not a digit. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
