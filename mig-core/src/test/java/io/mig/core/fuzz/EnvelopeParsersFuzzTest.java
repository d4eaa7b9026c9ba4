package io.mig.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.Names;
import io.mig.core.model.PublishRequest;
import io.mig.core.testing.FuzzInputs;
import io.mig.core.testing.TimeBound;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based fuzzing of the core's decoders of outside bytes (issue 11, item 3): the envelope
 * decoder every JSON binding uses (HTTP bodies; WebSocket and NATS add their own steps, fuzzed in
 * their modules) and the name rules. The number of inputs is {@code jqwik.tries.default}: short in
 * the test command, {@code bench/fuzz} runs 100,000 or more. Every input either decodes or is refused with
 * {@code MIG_INVALID_REQUEST}; nothing else escapes (no NullPointerException, no Jackson exception,
 * no StackOverflowError). The inputs mix raw bytes with near-valid envelopes, so the generator
 * reaches past the first parse error.
 */
class EnvelopeParsersFuzzTest {
    @Property
    void anyBytesDecodeOrAreAnInvalidRequest(@ForAll("bodies") byte[] body) {
        refusedOnlyAsInvalid(() -> MigJson.decode(body, InvokeRequest.class));
        refusedOnlyAsInvalid(() -> MigJson.decode(body, PublishRequest.class));
    }

    @Property
    void namesAreValidOrAnInvalidRequest(@ForAll("names") String name) {
        refusedOnlyAsInvalid(() -> Names.requireCapability(name));
        refusedOnlyAsInvalid(() -> Names.requireTopic(name));
        refusedOnlyAsInvalid(() -> Names.requireTenant(name));
    }

    /**
     * Bytes that are not UTF-8 are refused (SPEC §11), whatever JSON they would otherwise be. The
     * oracle is the JDK's strict decoder, not the parser under test.
     */
    @Property
    void bytesThatAreNotUtf8AreRefused(@ForAll("notUtf8") byte[] body) {
        TimeBound.run(() -> assertThatThrownBy(() -> MigJson.readObject(body)).as("%s", Arrays.toString(body))
                .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_INVALID_REQUEST)));
    }

    /**
     * Jackson canonicalises field names by 4-byte quads padded with 0xFF bytes, so once
     * {@code capability} has been seen, the invalid name {@code capabili\xffty} was read as it.
     */
    @Example
    void aFieldNameWithAnInvalidByteIsNotReadAsAnother() {
        MigJson.readObject("{\"capability\":\"a.b\"}".getBytes(StandardCharsets.UTF_8));
        byte[] aliased = "{\"capabili?ty\":\"x.y\"}".getBytes(StandardCharsets.UTF_8);
        aliased[10] = (byte) 0xff;
        assertThatThrownBy(() -> MigJson.readObject(aliased)).isInstanceOfSatisfying(MigException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_INVALID_REQUEST));
    }

    @Provide
    Arbitrary<byte[]> notUtf8() {
        Arbitrary<byte[]> valid = Arbitraries.of("{\"capability\":\"a.b\",\"payload\":{\"text\":\"hi\"}}",
                "{\"header\":{\"tenant_id\":\"acme\",\"deadline_ms\":5},\"topic\":\"a.b\",\"key\":\"k\"}", "{\"id\":1}", "{}")
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> bad = Arbitraries.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xfe}, new byte[] {(byte) 0x80},
                new byte[] {(byte) 0xc0, (byte) 0xaf}, new byte[] {(byte) 0xe0, (byte) 0x80, (byte) 0xaf},
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xc3}, new byte[] {(byte) 0xf0, (byte) 0x9f, (byte) 0x98});
        return Combinators.combine(valid, bad, Arbitraries.integers().between(0, 1000))
                .as((body, insert, permille) -> FuzzInputs.insert(body, body.length * permille / 1000, insert))
                .filter(bytes -> !FuzzInputs.isUtf8(bytes));
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<String> fragments = Arbitraries.of("{", "}", "[", "]", ":", ",", "\"", "\\", "null", "true", "1e999999999",
                "-0.1000000000000000000001", "\"header\"", "\"payload\"", "\"capability\"", "\"deadline_ms\"", "\"tenant_id\"",
                "\"meta\"", "{\"a\":", "\uD83D\uDE00", "\u0000", " ", "\n", "123456789012345678901234567890");
        Arbitrary<byte[]> structured = fragments.list().ofMaxSize(40)
                .map(parts -> String.join("", parts).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> nearValid = Arbitraries.strings().ofMaxLength(30).map(s -> ("{\"header\":{\"tenant_id\":\"acme\","
                + "\"deadline_ms\":" + s + "},\"capability\":\"a.b\",\"payload\":{\"x\":" + s + "}}").getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> deep = Arbitraries.integers().between(1, 3000).map(n -> ("{\"payload\":" + "[".repeat(n) + "]".repeat(n) + "}")
                .getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        return Arbitraries.oneOf(structured, nearValid, deep, raw);
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> tokens = Arbitraries.strings().withChars("abcAZ09_-.*> /\u00e9%").ofMaxLength(12);
        return Arbitraries.oneOf(tokens, tokens.list().ofMaxSize(30).map(parts -> String.join(".", parts)),
                Arbitraries.just(null), Arbitraries.strings().ofMaxLength(300));
    }

    private static void refusedOnlyAsInvalid(Runnable decode) {
        TimeBound.run(() -> {
            try {
                decode.run();
            } catch (MigException e) {
                assertThat(e.code()).as("refused as %s: %s", e.code(), e.getMessage()).isEqualTo(ErrorCode.MIG_INVALID_REQUEST);
            }
        });
    }
}
