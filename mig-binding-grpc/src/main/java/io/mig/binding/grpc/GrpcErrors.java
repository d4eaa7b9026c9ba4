package io.mig.binding.grpc;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.mig.binding.grpc.v0_1.MigError;
import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.gateway.ErrorRecorder;
import io.mig.core.model.FrameKind;

/**
 * The one mapping of MIG errors to gRPC statuses (SPEC §1.4): the status code from the table, the
 * description {@code MIG_X: message}, and the whole MIG error twice, in two trailers that say the
 * same: as JSON in the ASCII trailer {@code mig-error} (non-ASCII characters escaped, so any grpc
 * client can read it), and as the protobuf {@code mig.v0_1.MigError} in the binary trailer
 * {@code mig-error-bin} (for clients that have the generated code).
 */
final class GrpcErrors {
    static final Metadata.Key<String> MIG_ERROR = Metadata.Key.of("mig-error", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<MigError> MIG_ERROR_BIN = Metadata.Key.of("mig-error-bin",
            ProtoUtils.metadataMarshaller(MigError.getDefaultInstance()));
    /**
     * grpc clients refuse trailers over 8 KiB by default (grpc-java's max inbound metadata size), and
     * turn the whole status into INTERNAL; when both trailers together would take more than this,
     * only {@code mig-error} is sent, which SPEC §1.4 allows on its own.
     */
    static final int BOTH_TRAILERS_BUDGET = 6 * 1024;
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
    static StatusRuntimeException toStatus(Throwable error, String operation, ErrorRecorder errors) {
        return toStatus(errors.answered(operation, error));
    }

    /** The {@code error} frame that ends one stream of a StreamInvoke call; counts it as an error of {@code stream}. */
    static io.mig.core.model.StreamFrame errorFrame(ErrorRecorder errors, io.mig.core.model.MessageHeader header,
                                                   String streamId, String capability, Throwable error) {
        MigException e = errors.answered("stream", error);
        return new io.mig.core.model.StreamFrame(header, streamId, capability, FrameKind.ERROR, null, true, e.toError());
    }

    static StatusRuntimeException toStatus(MigException e) {
        Metadata trailers = new Metadata();
        String json = json(e);
        MigError binary = ProtoModel.error(e.toError());
        trailers.put(MIG_ERROR, json);
        // binary metadata travels base64-encoded on HTTP/2: 4 bytes for every 3
        if (json.length() + (binary.getSerializedSize() + 2) / 3 * 4 <= BOTH_TRAILERS_BUDGET) {
            trailers.put(MIG_ERROR_BIN, binary);
        }
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
