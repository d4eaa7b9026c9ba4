package io.mig.binding.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.error.ErrorCode;
import io.mig.core.error.ErrorReason;
import io.mig.core.error.MigException;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTTP status of every MIG error (SPEC §1.4), now that the core knows no HTTP status. */
class HttpErrorsTest {
    @Test
    void everyCodeHasTheStatusOfTheSpecTable() {
        Map<ErrorCode, Integer> expected = new EnumMap<>(ErrorCode.class);
        expected.put(ErrorCode.MIG_INVALID_REQUEST, 400);
        expected.put(ErrorCode.MIG_UNAUTHORIZED, 401);
        expected.put(ErrorCode.MIG_FORBIDDEN, 403);
        expected.put(ErrorCode.MIG_NOT_FOUND, 404);
        expected.put(ErrorCode.MIG_UNSUPPORTED_CAPABILITY, 404);
        expected.put(ErrorCode.MIG_VERSION_MISMATCH, 400);
        expected.put(ErrorCode.MIG_TIMEOUT, 504);
        expected.put(ErrorCode.MIG_RATE_LIMITED, 429);
        expected.put(ErrorCode.MIG_BACKPRESSURE, 503);
        expected.put(ErrorCode.MIG_UNAVAILABLE, 503);
        expected.put(ErrorCode.MIG_INTERNAL, 500);
        assertThat(expected).hasSize(ErrorCode.values().length);
        expected.forEach((code, status) ->
                assertThat(HttpErrors.status(new MigException(code, "x"))).as(code.name()).isEqualTo(status));
    }

    @Test
    void aReasonRefinesTheStatusWithinItsCode() {
        assertThat(HttpErrors.status(MigException.invalid("big").withReason(ErrorReason.TOO_LARGE))).isEqualTo(413);
        assertThat(HttpErrors.status(MigException.invalid("again").withReason(ErrorReason.IDEMPOTENCY_KEY_REUSED)))
                .isEqualTo(422);
        assertThat(HttpErrors.status(MigException.internal("bad answer").withReason(ErrorReason.PROVIDER_FAILED)))
                .isEqualTo(502);
        // the reason survives refinements of the error
        assertThat(HttpErrors.status(MigException.internal("bad answer").withReason(ErrorReason.PROVIDER_FAILED)
                .withDetail("status", 418).withRetryable(false))).isEqualTo(502);
    }

    @Test
    void aReasonOfAnotherCodeDoesNotChangeTheCodesStatus() {
        assertThat(HttpErrors.status(MigException.unavailable("down").withReason(ErrorReason.PROVIDER_FAILED))).isEqualTo(503);
        assertThat(HttpErrors.status(MigException.internal("big").withReason(ErrorReason.TOO_LARGE))).isEqualTo(500);
    }
}
