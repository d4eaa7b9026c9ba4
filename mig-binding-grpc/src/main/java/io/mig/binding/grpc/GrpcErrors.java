package io.mig.binding.grpc;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.port.out.GatewayMetrics;

/**
 * The one mapping of MIG errors to gRPC statuses (SPEC §1.4): the status code from the table, the
 * description {@code MIG_X: message}, and the whole MIG error as JSON in the ASCII trailer
 * {@code mig-error} (non-ASCII characters escaped, so any grpc client can read it).
 */
final class GrpcErrors {
    static final Metadata.Key<String> MIG_ERROR = Metadata.Key.of("mig-error", Metadata.ASCII_STRING_MARSHALLER);
    private static final ObjectWriter ASCII_JSON = MigJson.mapper().writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);

    private GrpcErrors() {
    }

    static Status.Code statusCode(ErrorCode code) {
        return switch (code) {
            case MIG_INVALID_REQUEST -> Status.Code.INVALID_ARGUMENT;
            case MIG_UNAUTHORIZED -> Status.Code.UNAUTHENTICATED;
            case MIG_FORBIDDEN -> Status.Code.PERMISSION_DENIED;
            case MIG_NOT_FOUND, MIG_UNSUPPORTED_CAPABILITY -> Status.Code.NOT_FOUND;
            case MIG_VERSION_MISMATCH -> Status.Code.FAILED_PRECONDITION;
            case MIG_TIMEOUT -> Status.Code.DEADLINE_EXCEEDED;
            case MIG_RATE_LIMITED, MIG_BACKPRESSURE -> Status.Code.RESOURCE_EXHAUSTED;
            case MIG_UNAVAILABLE -> Status.Code.UNAVAILABLE;
            case MIG_INTERNAL -> Status.Code.INTERNAL;
        };
    }

    /** The status (with trailers) that ends a call failing with {@code error}; counts it as an error of {@code operation}. */
    static StatusRuntimeException toStatus(Throwable error, String operation, GatewayMetrics metrics) {
        MigException e = MigException.from(error);
        metrics.error(e.code(), operation);
        return toStatus(e);
    }

    static StatusRuntimeException toStatus(MigException e) {
        Metadata trailers = new Metadata();
        trailers.put(MIG_ERROR, json(e));
        Status status = Status.fromCode(statusCode(e.code())).withDescription(e.code().name() + ": " + e.getMessage());
        return status.asRuntimeException(trailers);
    }

    static String json(MigException e) {
        try {
            return ASCII_JSON.writeValueAsString(e.toError());
        } catch (JsonProcessingException impossible) {
            return "{\"code\":\"" + e.code().name() + "\"}";
        }
    }
}
