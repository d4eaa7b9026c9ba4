package io.mig.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.testing.TimeBound;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based fuzzing of the SSE {@code resume_cursor} / {@code Last-Event-ID} parser (issue 11,
 * item 3; {@code jqwik.tries.default} inputs: short in the test command, 100,000 in
 * {@code bench/fuzz}): a cursor is a non-negative integer that round-trips exactly, or a
 * {@code MIG_INVALID_REQUEST} naming the field — never a negative value or another exception.
 */
class CursorFuzzTest {
    @Property
    void aCursorIsANonNegativeIntegerOrRefused(@ForAll("cursors") String cursor) {
        TimeBound.run(() -> parsesExactlyOrIsRefused(cursor));
    }

    private static void parsesExactlyOrIsRefused(String cursor) {
        try {
            long parsed = EventService.parseCursor(cursor);
            assertThat(parsed).isNotNegative();
            if (cursor != null && !cursor.isEmpty()) {
                assertThat(Long.toString(parsed)).as("the cursor is read exactly").isEqualTo(cursor.replaceFirst("^0+(?=.)", ""));
            }
        } catch (MigException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.MIG_INVALID_REQUEST);
            assertThat(e.details().path("field").asText()).isEqualTo("resume_cursor");
        }
    }

    @Provide
    Arbitrary<String> cursors() {
        return Arbitraries.<String>oneOf(
                Arbitraries.longs().map(n -> Long.toString(n)),
                Arbitraries.strings().withChars("0123456789").ofMaxLength(25),
                Arbitraries.strings().withChars("0123456789-+ .eE\u0660\uff11x").ofMaxLength(22),
                Arbitraries.strings().ofMaxLength(30),
                Arbitraries.of("9223372036854775807", "9223372036854775808", "00000000000000000001", "-0", ""));
    }
}
