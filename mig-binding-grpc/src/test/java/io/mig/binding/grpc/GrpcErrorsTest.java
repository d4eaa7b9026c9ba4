package io.mig.binding.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.mig.binding.grpc.v0_1.MigError;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.gateway.MigGateway;
import io.mig.core.json.MigJson;
import io.mig.core.port.out.GatewayMetrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrpcErrorsTest {
    /** Struct numbers are doubles: 2 and 2.0 are the same value. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? Double.compare(a.doubleValue(), b.doubleValue()) : a.equals(b) ? 0 : 1;

    @Test
    void everyCodeHasTheStatusOfTheSpecTable() {
        Map<ErrorCode, Status.Code> expected = new EnumMap<>(ErrorCode.class);
        expected.put(ErrorCode.MIG_INVALID_REQUEST, Status.Code.INVALID_ARGUMENT);
        expected.put(ErrorCode.MIG_UNAUTHORIZED, Status.Code.UNAUTHENTICATED);
        expected.put(ErrorCode.MIG_FORBIDDEN, Status.Code.PERMISSION_DENIED);
        expected.put(ErrorCode.MIG_NOT_FOUND, Status.Code.NOT_FOUND);
        expected.put(ErrorCode.MIG_UNSUPPORTED_CAPABILITY, Status.Code.NOT_FOUND);
        expected.put(ErrorCode.MIG_VERSION_MISMATCH, Status.Code.FAILED_PRECONDITION);
        expected.put(ErrorCode.MIG_TIMEOUT, Status.Code.DEADLINE_EXCEEDED);
        expected.put(ErrorCode.MIG_RATE_LIMITED, Status.Code.RESOURCE_EXHAUSTED);
        expected.put(ErrorCode.MIG_BACKPRESSURE, Status.Code.RESOURCE_EXHAUSTED);
        expected.put(ErrorCode.MIG_UNAVAILABLE, Status.Code.UNAVAILABLE);
        expected.put(ErrorCode.MIG_INTERNAL, Status.Code.INTERNAL);
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(GrpcErrors.statusCode(code)).as(code.name()).isEqualTo(expected.get(code));
        }
    }

    @Test
    void theStatusCarriesCodeMessageAndTheWholeErrorAsAsciiJson() throws Exception {
        List<String> counted = new ArrayList<>();
        GatewayMetrics metrics = new GatewayMetrics() {
            @Override
            public void error(ErrorCode code, String operation) {
                counted.add(code + "/" + operation);
            }
        };
        StatusRuntimeException e;
        try (MigGateway gateway = MigGateway.builder().metrics(metrics).build()) {
            e = GrpcErrors.toStatus(MigException.notFound("no capabilité").withDetail("id", "x.y"), "invoke", gateway.errors());
        }
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(e.getStatus().getDescription()).isEqualTo("MIG_NOT_FOUND: no capabilité");
        String trailer = e.getTrailers().get(GrpcErrors.MIG_ERROR);
        assertThat(trailer).matches("\\p{ASCII}*").contains("\\u00E9");
        var json = MigJson.mapper().readTree(trailer);
        assertThat(json.path("message").asText()).isEqualTo("no capabilité");
        assertThat(json.path("details").path("id").asText()).isEqualTo("x.y");
        assertThat(counted).containsExactly("MIG_NOT_FOUND/invoke");
    }

    @Test
    void theBinaryTrailerIsTheSameErrorAsTheProtobufMigError() throws Exception {
        JsonNode violations = MigJson.mapper().valueToTree(List.of(Map.of("path", "/input", "rule", "required")));
        var e = GrpcErrors.toStatus(MigException.invalid("bad input").withDetail("violations", violations)
                .withDetail("count", 2));
        var binary = e.getTrailers().get(GrpcErrors.MIG_ERROR_BIN);
        assertThat(binary).isNotNull();
        assertThat(binary.getCode()).isEqualTo(io.mig.binding.grpc.v0_1.MigErrorCode.MIG_INVALID_REQUEST);
        assertThat(binary.getMessage()).isEqualTo("bad input");
        assertThat(binary.getRetryable()).isFalse();
        var violation = binary.getDetails().getFieldsOrThrow("violations").getListValue().getValues(0).getStructValue();
        assertThat(violation.getFieldsOrThrow("rule").getStringValue()).isEqualTo("required");
        assertThat(binary.getDetails().getFieldsOrThrow("count").getNumberValue()).isEqualTo(2.0);
        // what a client decodes from the bytes on the wire
        byte[] wire = binary.toByteArray();
        assertThat(MigError.parseFrom(wire)).isEqualTo(binary);
        JsonNode fromBinary = MigJson.mapper().valueToTree(ProtoModel.error(MigError.parseFrom(wire)));
        JsonNode fromJson = MigJson.mapper().readTree(e.getTrailers().get(GrpcErrors.MIG_ERROR));
        assertThat(fromBinary.equals(NUMBERS_BY_VALUE, fromJson)).as(fromBinary + " vs " + fromJson).isTrue();
    }

    @Test
    void anErrorTooLargeForBothTrailersKeepsOnlyTheJsonOne() {
        var e = GrpcErrors.toStatus(MigException.invalid("bad input").withDetail("blob", "x".repeat(4000)));
        assertThat(e.getTrailers().get(GrpcErrors.MIG_ERROR)).contains("xxxx");
        assertThat(e.getTrailers().containsKey(GrpcErrors.MIG_ERROR_BIN)).isFalse();
    }

    @Test
    void unknownFailuresAreInternal() {
        var e = GrpcErrors.toStatus(MigException.from(new IllegalStateException("boom")));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(e.getStatus().getDescription()).doesNotContain("boom");
    }
}
