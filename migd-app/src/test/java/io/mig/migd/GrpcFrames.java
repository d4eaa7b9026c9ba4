package io.mig.migd;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Collects what a server-streaming or bidi gRPC call sends, and how it ends. */
final class GrpcFrames<T> implements StreamObserver<T> {
    final BlockingQueue<T> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Status> end = new CompletableFuture<>();

    @Override
    public void onNext(T value) {
        received.add(value);
    }

    @Override
    public void onError(Throwable t) {
        end.complete(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
        end.complete(Status.OK);
    }

    /** The next message within five seconds; fails the test when none comes. */
    T next() throws InterruptedException {
        T value = received.poll(5, TimeUnit.SECONDS);
        if (value == null) {
            throw new AssertionError("no message within 5 s (end: " + end.getNow(null) + ")");
        }
        return value;
    }

    Status status() throws Exception {
        return end.get(5, TimeUnit.SECONDS);
    }
}
