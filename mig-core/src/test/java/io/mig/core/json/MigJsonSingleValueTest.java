package io.mig.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every binding decodes bodies and frames with {@link MigJson#readObject}: exactly one JSON value. */
class MigJsonSingleValueTest {

    @ParameterizedTest
    @ValueSource(strings = {"{}{}", "{\"a\":1} {\"a\":2}", "{} x", "{}]", "{}\n\"second\"", "{} null"})
    void trailingContentIsRefused(String body) {
        assertThatThrownBy(() -> MigJson.readObject(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(MigException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_INVALID_REQUEST));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", " {\"a\":1} \n", "\t{\"a\":{\"b\":[1,2]}}\r\n"})
    void oneObjectWithSurroundingWhitespaceIsAccepted(String body) {
        assertThat(MigJson.readObject(body.getBytes(StandardCharsets.UTF_8)).isObject()).isTrue();
    }
}
