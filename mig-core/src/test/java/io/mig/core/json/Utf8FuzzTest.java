package io.mig.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.testing.FuzzInputs;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The UTF-8 check in front of the JSON parser agrees with the JDK's strict decoder on every input
 * ({@code jqwik.tries.default} of them): it refuses exactly what is not UTF-8, so valid text in any
 * script, emoji included, still passes.
 */
class Utf8FuzzTest {
    @Property
    void agreesWithTheJdksStrictDecoder(@ForAll("bytes") byte[] bytes) {
        assertThat(Utf8.firstInvalid(bytes) < 0).as(Arrays.toString(bytes)).isEqualTo(FuzzInputs.isUtf8(bytes));
    }

    /** The offset in the error message is where the JDK's decoder stops too: the start of the first bad sequence. */
    @Property
    void reportsTheOffsetTheJdkStopsAt(@ForAll("bytes") byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult result = decoder.decode(in, CharBuffer.allocate(bytes.length * 2 + 2), true);
        int expected = result.isError() ? in.position() : -1;
        assertThat(Utf8.firstInvalid(bytes)).as(Arrays.toString(bytes)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        Arbitrary<byte[]> text = Arbitraries.strings().ofMaxLength(30).map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> edges = Arbitraries.of(new byte[] {(byte) 0xf4, (byte) 0x8f, (byte) 0xbf, (byte) 0xbf},
                new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xed, (byte) 0x9f, (byte) 0xbf},
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xe0, (byte) 0xa0, (byte) 0x80},
                new byte[] {(byte) 0xe0, (byte) 0x9f, (byte) 0xbf}, new byte[] {(byte) 0xc2, (byte) 0x80},
                new byte[] {(byte) 0xc1, (byte) 0xbf}, new byte[] {(byte) 0xf0, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xf0, (byte) 0x8f, (byte) 0xbf, (byte) 0xbf});
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(12);
        Arbitrary<byte[]> any = Arbitraries.oneOf(text, edges, raw, Arbitraries.bytes().between((byte) 0x80, (byte) 0xff).array(byte[].class).ofMaxSize(4));
        // runs of ASCII around the rest: the check reads ASCII eight bytes at a time, so every offset of
        // a non-ASCII byte within and after such a word gets its turn
        Arbitrary<byte[]> ascii = Arbitraries.strings().ascii().ofMaxLength(40).map(s -> s.getBytes(StandardCharsets.US_ASCII));
        Arbitrary<byte[]> embedded = Combinators.combine(ascii, any, ascii).as((before, middle, after) -> {
            byte[] joined = Arrays.copyOf(before, before.length + middle.length + after.length);
            System.arraycopy(middle, 0, joined, before.length, middle.length);
            System.arraycopy(after, 0, joined, before.length + middle.length, after.length);
            return joined;
        });
        return Arbitraries.oneOf(any, embedded);
    }
}
