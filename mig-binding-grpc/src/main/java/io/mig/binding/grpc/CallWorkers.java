package io.mig.binding.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker threads of the gRPC binding: every call that may block (all methods but an
 * {@code Invoke} the gateway says cannot block) runs here, never on a Netty event loop. A cached pool
 * of daemon threads, as grpc-java's default executor is: a call waiting on a store or a provider
 * holds its thread, and idle threads go after a minute.
 */
final class CallWorkers {
    private CallWorkers() {
    }

    static ExecutorService pool() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "migd-grpc-call-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Moves every call but {@code Invoke} to {@code pool} once its method is known; null keeps
     * {@code Invoke} on its event loop (the server's direct executor), from where it hands itself
     * off when it may block.
     */
    static ServerCallExecutorSupplier forEveryCallButInvoke(Executor pool) {
        return new ServerCallExecutorSupplier() {
            @Override
            public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata headers) {
                return InvocationRpc.decidesItsThread(call.getMethodDescriptor()) ? null : pool;
            }
        };
    }
}
