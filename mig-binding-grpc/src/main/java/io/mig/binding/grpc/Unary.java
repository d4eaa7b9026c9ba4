package io.mig.binding.grpc;

import io.grpc.stub.StreamObserver;
import io.mig.core.port.out.GatewayMetrics;
import java.util.function.Supplier;

/** Answers a unary RPC with one message, or with the mapped status when the core refuses it. */
final class Unary {
    private Unary() {
    }

    static <T> void answer(StreamObserver<T> out, String operation, GatewayMetrics metrics, Supplier<T> work) {
        T answer;
        try {
            answer = work.get();
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.toStatus(e, operation, metrics));
            return;
        }
        out.onNext(answer);
        out.onCompleted();
    }
}
