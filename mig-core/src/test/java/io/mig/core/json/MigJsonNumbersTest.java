package io.mig.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.internal.Fingerprint;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Numbers pass through the codec exactly, and fingerprinting them never throws nor explodes. */
class MigJsonNumbersTest {
    private static ObjectNode read(String json) {
        return MigJson.readObject(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void hugeAndPreciseDecimalsSurviveARoundTrip() {
        ObjectNode node = read("{\"huge\":1e999999999,\"precise\":0.1000000000000000000001,\"scaled\":1.50,"
                + "\"big\":123456789012345678901234567890}");
        String written = MigJson.encodeToString(node);
        ObjectNode again = read(written);
        assertThat(again.get("huge").decimalValue()).isEqualByComparingTo(new BigDecimal("1e999999999"));
        assertThat(written).doesNotContain("Infinity").contains("0.1000000000000000000001", "1.50",
                "123456789012345678901234567890");
        assertThat(written.length()).isLessThan(200);
    }

    @Test
    void aNumberNoExactRepresentationHoldsIsAnInvalidRequest() {
        // found by EnvelopeParsersFuzzTest: the exponent overflows BigDecimal's int scale
        assertThatThrownBy(() -> read("{\"x\":1e999999999123456789012345678901234567890}"))
                .isInstanceOfSatisfying(io.mig.core.error.MigException.class,
                        e -> assertThat(e.code()).isEqualTo(io.mig.core.error.ErrorCode.MIG_INVALID_REQUEST));
    }

    @Test
    void fingerprintsOfExtremeNumbersAreQuickAndAgreeOnEqualValues() {
        String huge = Fingerprint.of(read("{\"n\":1e999999999}"));
        assertThat(huge).hasSize(64);
        assertThat(Fingerprint.of(read("{\"n\":1.0}"))).isEqualTo(Fingerprint.of(read("{\"n\":1}")));
        assertThat(Fingerprint.of(read("{\"n\":0.1000000000000000000001}")))
                .isNotEqualTo(Fingerprint.of(read("{\"n\":0.1}")));
        assertThat(Fingerprint.of(MigJson.object().put("n", Double.POSITIVE_INFINITY))).hasSize(64);
    }
}
