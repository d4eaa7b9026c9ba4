package io.mig.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProviderOptionsTest {
    private static ObjectNode block(String json) throws Exception {
        return (ObjectNode) MigJson.mapper().readTree(json);
    }

    @Test
    void absentOptionsTakeTheDefaultsOfTheSpecification() throws Exception {
        ProviderOptions options = ProviderOptions.from(block("{\"type\":\"http\",\"url\":\"http://x\"}"));
        assertThat(options).isEqualTo(ProviderOptions.DEFAULTS);
        assertThat(options.maxConcurrency()).isEqualTo(64);
        assertThat(options.timeoutBound()).isEmpty();
        assertThat(options.forwardAuthorization()).isFalse();
        assertThat(options.budgetMs(30_000)).isEqualTo(30_000);
    }

    @Test
    void givenOptionsAreReadAndTheTimeoutOnlyShortensTheDeadline() throws Exception {
        ProviderOptions options = ProviderOptions.from(
                block("{\"max_concurrency\":3,\"timeout_ms\":500,\"forward_authorization\":true}"));
        assertThat(options.maxConcurrency()).isEqualTo(3);
        assertThat(options.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.forwardAuthorization()).isTrue();
        assertThat(options.budgetMs(30_000)).isEqualTo(500);
        assertThat(options.budgetMs(200)).as("never longer than the caller's deadline").isEqualTo(200);
    }

    @Test
    void wrongValuesAreRefusedNamingTheField() {
        String[][] cases = {
                {"{\"max_concurrency\":0}", "provider.max_concurrency"},
                {"{\"max_concurrency\":1.5}", "provider.max_concurrency"},
                {"{\"max_concurrency\":99999999999}", "provider.max_concurrency"},
                {"{\"timeout_ms\":-1}", "provider.timeout_ms"},
                {"{\"timeout_ms\":\"1s\"}", "provider.timeout_ms"},
                {"{\"forward_authorization\":\"true\"}", "provider.forward_authorization"}};
        for (String[] c : cases) {
            assertThatThrownBy(() -> ProviderOptions.from(block(c[0])))
                    .as(c[0])
                    .isInstanceOfSatisfying(MigException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MIG_INVALID_REQUEST);
                        assertThat(e.details().path("field").asText()).isEqualTo(c[1]);
                    });
        }
    }
}
