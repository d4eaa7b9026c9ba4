package io.mig.migd;

import io.grpc.Metadata;
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
    /** The trailers of a call that ended with an error (empty when it ended OK or without any). */
    final CompletableFuture<Metadata> trailers = new CompletableFuture<>();

    @Override
    public void onNext(T value) {
        received.add(value);
    }

    @Override
    public void onError(Throwable t) {
        Metadata received = Status.trailersFromThrowable(t);
        trailers.complete(received == null ? new Metadata() : received);
        end.complete(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
        trailers.complete(new Metadata());
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
