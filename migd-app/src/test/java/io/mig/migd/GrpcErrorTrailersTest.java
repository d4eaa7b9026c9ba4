package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.mig.binding.grpc.v0_1.InvokeRequest;
import io.mig.binding.grpc.v0_1.MigError;
import io.mig.binding.grpc.v0_1.MigErrorCode;
import io.mig.binding.grpc.v0_1.SubscribeRequest;
import io.mig.core.json.MigJson;
import java.util.Comparator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every gRPC error carries the MIG error twice (SPEC §1.4): JSON in {@code mig-error} and the
 * protobuf {@code MigError} in {@code mig-error-bin}, decoded here with the generated parser; the
 * two must say the same, for unary calls and for a stream that ends with a status.
 */
class GrpcErrorTrailersTest {
    private static final String SECRET = "trailer-secret";
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? Double.compare(a.doubleValue(), b.doubleValue()) : a.equals(b) ? 0 : 1;
    @RegisterExtension
    static final MigdExtension server = MigdExtension.inProcess().grpc().jwt(SECRET).build();
    private static GrpcClient authorized;
    private static GrpcClient anonymous;

    @BeforeAll
    static void start() {
        authorized = new GrpcClient(server, null, server.token("acme", "alice", "capability:infer"));
        anonymous = new GrpcClient(server, "acme", null);
    }

    @AfterAll
    static void stop() {
        authorized.close();
        anonymous.close();
    }

    @Test
    void anUnsupportedCapabilityIsNotFoundInBothTrailers() throws Exception {
        StatusRuntimeException e = failure(() -> authorized.invocation().invoke(
                InvokeRequest.newBuilder().setCapability("nope.nothing").build()));
        MigError error = bothTrailers(e, Status.Code.NOT_FOUND);
        assertThat(error.getCode()).isEqualTo(MigErrorCode.MIG_UNSUPPORTED_CAPABILITY);
        assertThat(error.getRetryable()).isFalse();
    }

    @Test
    void anInvalidPayloadCarriesItsViolationsInBothTrailers() throws Exception {
        Struct wrong = Struct.newBuilder().putFields("input", Value.newBuilder().setNumberValue(42).build()).build();
        StatusRuntimeException e = failure(() -> authorized.invocation().invoke(
                InvokeRequest.newBuilder().setCapability("observatory.models.infer").setPayload(wrong).build()));
        MigError error = bothTrailers(e, Status.Code.INVALID_ARGUMENT);
        assertThat(error.getCode()).isEqualTo(MigErrorCode.MIG_INVALID_REQUEST);
        var violations = error.getDetails().getFieldsOrThrow("violations").getListValue();
        assertThat(violations.getValuesCount()).isPositive();
        assertThat(violations.getValues(0).getStructValue().getFieldsOrThrow("path").getStringValue()).isEqualTo("/input");
    }

    @Test
    void aMissingTokenIsUnauthenticatedInBothTrailersOnUnaryAndStreamingCalls() throws Exception {
        StatusRuntimeException unary = failure(() -> anonymous.invocation().invoke(
                InvokeRequest.newBuilder().setCapability("observatory.models.infer").build()));
        assertThat(bothTrailers(unary, Status.Code.UNAUTHENTICATED).getCode()).isEqualTo(MigErrorCode.MIG_UNAUTHORIZED);

        var events = anonymous.events().subscribe(SubscribeRequest.newBuilder().setTopic("trailers.events").build());
        StatusRuntimeException stream = failure(events::hasNext);
        assertThat(bothTrailers(stream, Status.Code.UNAUTHENTICATED).getCode()).isEqualTo(MigErrorCode.MIG_UNAUTHORIZED);
    }

    @Test
    void malformedMessageBytesAreInvalidArgumentWithTheMigError() throws Exception {
        byte[][] malformed = {
                {0x12, 0x02, (byte) 0xC3, 0x28}, // capability: a string that is not UTF-8
                {0x12, 0x05, 'a'}, // capability: 5 bytes announced, 1 sent
                nestedStruct(120), // payload nested past protobuf's limit of 100
        };
        for (byte[] bytes : malformed) {
            StatusRuntimeException e = failure(() -> io.grpc.stub.ClientCalls.blockingUnaryCall(
                    io.grpc.ClientInterceptors.intercept(authorized.channel(),
                            io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(authorized.metadata())),
                    RAW_INVOKE, io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, java.util.concurrent.TimeUnit.SECONDS),
                    bytes));
            MigError error = bothTrailers(e, Status.Code.INVALID_ARGUMENT);
            assertThat(error.getCode()).isEqualTo(MigErrorCode.MIG_INVALID_REQUEST);
            assertThat(error.getMessage()).contains("not valid protobuf");
        }
    }

    private static final io.grpc.MethodDescriptor.Marshaller<byte[]> BYTES = new io.grpc.MethodDescriptor.Marshaller<>() {
        @Override
        public java.io.InputStream stream(byte[] value) {
            return new java.io.ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(java.io.InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    };

    private static final io.grpc.MethodDescriptor<byte[], byte[]> RAW_INVOKE = io.grpc.MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(io.mig.binding.grpc.v0_1.InvocationGrpc.getInvokeMethod().getFullMethodName())
            .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();

    /** An InvokeRequest whose payload Struct nests {@code depth} levels, written by hand as the generated code would. */
    private static byte[] nestedStruct(int depth) {
        Struct inner = Struct.getDefaultInstance();
        for (int i = 0; i < depth; i++) {
            inner = Struct.newBuilder().putFields("a", Value.newBuilder().setStructValue(inner).build()).build();
        }
        return InvokeRequest.newBuilder().setCapability("observatory.models.infer").setPayload(inner).build().toByteArray();
    }

    /** Checks that the call ended with {@code status}, both trailers are there and agree; returns the binary one. */
    private static MigError bothTrailers(StatusRuntimeException e, Status.Code status) throws Exception {
        assertThat(e.getStatus().getCode()).isEqualTo(status);
        MigError binary = GrpcClient.migErrorBin(e);
        assertThat(binary).as("mig-error-bin").isNotNull();
        JsonNode json = MigJson.mapper().readTree(GrpcClient.migError(e));
        JsonNode binaryAsJson = GrpcClient.migErrorBinAsJson(e);
        // compared as numbers: the JSON trailer may write 2 as an int, the conversion as a long
        assertThat(binaryAsJson.equals(NUMBERS_BY_VALUE, json)).as("mig-error-bin %s equals mig-error %s", binaryAsJson, json)
                .isTrue();
        assertThat(e.getStatus().getDescription()).isEqualTo(binary.getCode().name() + ": " + binary.getMessage());
        return binary;
    }

    private static StatusRuntimeException failure(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(StatusRuntimeException.class);
        return (StatusRuntimeException) thrown;
    }
}
