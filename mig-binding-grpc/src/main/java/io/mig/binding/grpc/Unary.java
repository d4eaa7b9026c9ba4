package io.mig.binding.grpc;

import io.grpc.stub.StreamObserver;
import io.mig.core.gateway.ErrorRecorder;
import java.util.function.Supplier;

/** Answers a unary RPC with one message, or with the mapped status when the core refuses it. */
final class Unary {
    private Unary() {
    }

    static <T> void answer(StreamObserver<T> out, String operation, ErrorRecorder errors, Supplier<T> work) {
        T answer;
        try {
            answer = work.get();
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.toStatus(e, operation, errors));
            return;
        }
        out.onNext(answer);
        out.onCompleted();
    }
}
