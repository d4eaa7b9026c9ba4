package io.mig.binding.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The hand-read RFC 3339 form gives exactly what {@link Instant#parse} gives, for every string. */
class Rfc3339Test {
    @Property
    void instantsAsTheGatewayWritesThemReadAsInstantParseReadsThem(@ForAll("instants") Instant instant) {
        String text = instant.toString();
        assertThat(Rfc3339.common(text)).as(text).isNotNull().isEqualTo(byInstantParse(text));
        assertThat(Rfc3339.timestamp(text)).isEqualTo(byInstantParse(text));
    }

    @Property
    void anyStringNearTheFormReadsAsInstantParseReadsIt(@ForAll("nearlyTimestamps") String text) {
        assertThat(Rfc3339.timestamp(text)).as(text).isEqualTo(byInstantParse(text));
    }

    @Test
    void formsLeftToInstantParseStillRead() {
        // lower case, an offset, a leap second, a fraction of ten digits: not the fast form
        for (String text : new String[] {"2026-01-02t03:04:05z", "2026-01-02T03:04:05+02:00", "2016-12-31T23:59:60Z",
                "2026-01-02T03:04:05.1234567891Z", "+12026-01-02T03:04:05Z"}) {
            assertThat(Rfc3339.common(text)).as(text).isNull();
            assertThat(Rfc3339.timestamp(text)).as(text).isEqualTo(byInstantParse(text));
        }
        assertThat(Rfc3339.timestamp("2026-01-02T03:04:05.5+02:00").getSeconds())
                .isEqualTo(Instant.parse("2026-01-02T01:04:05Z").getEpochSecond());
    }

    @Test
    void notATimeIsNull() {
        for (String text : new String[] {"", "yesterday", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z",
                "2026-01-01T23:60:00Z", "2026-01-01 00:00:00Z"}) {
            assertThat(Rfc3339.timestamp(text)).as(text).isNull();
        }
    }

    @Test
    void fractionsKeepTheirScale() {
        assertThat(Rfc3339.common("2026-01-02T03:04:05.1Z").getNanos()).isEqualTo(100_000_000);
        assertThat(Rfc3339.common("2026-01-02T03:04:05.000000007Z").getNanos()).isEqualTo(7);
        assertThat(Rfc3339.common("1969-12-31T23:59:59.999Z").getSeconds()).isEqualTo(-1);
    }

    @Provide
    Arbitrary<Instant> instants() {
        Arbitrary<Long> seconds = Arbitraries.longs().between(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(),
                Instant.parse("9999-12-31T23:59:59Z").getEpochSecond());
        Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999).map(m -> m * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(u -> u * 1_000), Arbitraries.integers().between(0, 999_999_999));
        return Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond);
    }

    /** A real timestamp with one character replaced, inserted or removed. */
    @Provide
    Arbitrary<String> nearlyTimestamps() {
        Arbitrary<Character> chars = Arbitraries.of('0', '1', '2', '5', '9', '-', ':', '.', 'T', 'Z', 't', 'z', '+', ' ', 'x');
        return Combinators.combine(instants(), Arbitraries.integers().between(0, 40), chars, Arbitraries.integers().between(0, 2))
                .as((instant, at, c, edit) -> {
                    StringBuilder s = new StringBuilder(instant.toString());
                    int i = Math.min(at, s.length() - 1);
                    switch (edit) {
                        case 0 -> s.setCharAt(i, c);
                        case 1 -> s.insert(i, c);
                        default -> s.deleteCharAt(i);
                    }
                    return s.toString();
                });
    }

    private static Timestamp byInstantParse(String text) {
        try {
            Instant i = Instant.parse(text);
            return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
