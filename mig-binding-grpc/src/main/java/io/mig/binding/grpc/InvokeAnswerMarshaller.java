package io.mig.binding.grpc;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.mig.core.model.InvokeResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The response marshaller of the unary {@code Invoke}: the core's answer written as
 * {@code mig.v0_1.InvokeResponse} bytes by {@link InvokeAnswerWriter}, with no {@code Struct} or
 * message built in between. The bytes are protobuf, the same as the generated marshaller's, so
 * any gRPC client reads them with the descriptor of {@code mig.proto}.
 *
 * <p>Server side only: the server writes answers and never reads one.
 */
final class InvokeAnswerMarshaller implements MethodDescriptor.Marshaller<InvokeResponse> {
    @Override
    public InputStream stream(InvokeResponse answer) {
        return new Encoded(new InvokeAnswerWriter().write(answer));
    }

    @Override
    public InvokeResponse parse(InputStream stream) {
        throw new UnsupportedOperationException("the gRPC server writes Invoke answers and never reads one");
    }

    /**
     * Bytes whose length grpc-java knows ({@link KnownLength}: its framer writes the length prefix
     * without buffering) and that it copies into its transport buffer in one write ({@link Drainable}).
     */
    private static final class Encoded extends ByteArrayInputStream implements KnownLength, Drainable {
        Encoded(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int drainTo(OutputStream target) throws IOException {
            int length = count - pos;
            target.write(buf, pos, length);
            pos = count;
            return length;
        }
    }
}
