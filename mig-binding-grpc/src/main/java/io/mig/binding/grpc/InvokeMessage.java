package io.mig.binding.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.mig.core.model.InvokeRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A unary {@code Invoke} request as it came off the wire: read straight into the core's record by
 * {@link InvokeRequestReader}, or — for the messages only the generated parser reads right — the
 * generated message, converted by {@link ProtoModel} when the call runs (where a conversion error
 * is answered and audited as before).
 */
final class InvokeMessage {
    private final InvokeRequest read;
    private final io.mig.binding.grpc.v0_1.InvokeRequest generated;

    private InvokeMessage(InvokeRequest read, io.mig.binding.grpc.v0_1.InvokeRequest generated) {
        this.read = read;
        this.generated = generated;
    }

    /** The capability named, null when none. */
    String capability() {
        return read != null ? read.capability() : ProtoModel.blank(generated.getCapability());
    }

    /** The request in the core's terms; throws what {@link ProtoModel#invoke} throws for a value JSON cannot carry. */
    InvokeRequest model() {
        return read != null ? read : ProtoModel.invoke(generated);
    }

    /**
     * The request marshaller of the unary {@code Invoke}. Bytes that are not an InvokeRequest fail
     * as with grpc-java's protobuf marshaller (status INTERNAL, the parser's exception as cause), so
     * {@link MalformedMessages} refuses them as before. Server side only: the server never sends one.
     */
    static final class Marshaller implements MethodDescriptor.Marshaller<InvokeMessage> {
        @Override
        public InputStream stream(InvokeMessage value) {
            throw new UnsupportedOperationException("the gRPC server reads Invoke requests and never sends one");
        }

        @Override
        public InvokeMessage parse(InputStream stream) {
            byte[] bytes;
            try {
                bytes = bytes(stream);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            InvokeRequest read = InvokeRequestReader.read(bytes);
            if (read != null) {
                return new InvokeMessage(read, null);
            }
            try {
                return new InvokeMessage(null, io.mig.binding.grpc.v0_1.InvokeRequest.parseFrom(bytes));
            } catch (InvalidProtocolBufferException e) {
                throw Status.INTERNAL.withDescription("Invalid protobuf byte sequence").withCause(e).asRuntimeException();
            }
        }

        /**
         * The message's bytes in one array of their size: grpc-java's stream knows its length
         * ({@link KnownLength}); {@code readAllBytes} would fill and copy 8 KiB buffers for a
         * message of a hundred bytes (a third of the reading in the P4 profile).
         */
        private static byte[] bytes(InputStream stream) throws IOException {
            if (!(stream instanceof KnownLength)) {
                return stream.readAllBytes();
            }
            byte[] bytes = new byte[stream.available()];
            int read = stream.readNBytes(bytes, 0, bytes.length); // fewer only at the end of the stream
            int next = read == bytes.length ? stream.read() : -1;
            if (next == -1) {
                return read == bytes.length ? bytes : Arrays.copyOf(bytes, read);
            }
            // the stream had more than it said (not grpc-java's own): the rest the slow way
            ByteArrayOutputStream all = new ByteArrayOutputStream(bytes.length * 2);
            all.write(bytes);
            all.write(next);
            stream.transferTo(all);
            return all.toByteArray();
        }
    }
}
