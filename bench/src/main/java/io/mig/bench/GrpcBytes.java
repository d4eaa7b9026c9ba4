package io.mig.bench;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** A unary method whose messages are raw bytes: no protobuf work on the side that uses it. */
final class GrpcBytes {
    /** The method migd serves INVOKE on (SPEC §6); the echo limit serves it under the same name. */
    static final String INVOKE = MethodDescriptor.generateFullMethodName("mig.v0_1.Invocation", "Invoke");

    private GrpcBytes() {
    }

    static MethodDescriptor<byte[], byte[]> unary(String fullName) {
        return MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(fullName)
                .setRequestMarshaller(MARSHALLER)
                .setResponseMarshaller(MARSHALLER)
                .build();
    }

    /** Tells grpc the message's length up front, so it frames the bytes without buffering them again. */
    private static final class Sized extends ByteArrayInputStream implements io.grpc.KnownLength {
        Sized(byte[] value) {
            super(value);
        }
    }

    private static final MethodDescriptor.Marshaller<byte[]> MARSHALLER = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new Sized(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
}
