package io.mig.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.testing.FuzzInputs;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
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
        return Arbitraries.oneOf(text, edges, raw, Arbitraries.bytes().between((byte) 0x80, (byte) 0xff).array(byte[].class).ofMaxSize(4));
    }
}
