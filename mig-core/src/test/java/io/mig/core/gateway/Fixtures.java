package io.mig.core.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.model.Binding;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.InvocationMode;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.MessageHeader;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Credentials;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.InvocationContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** Small builders shared by the core's tests. */
final class Fixtures {
    private Fixtures() {
    }

    static CallContext tenant(String tenant) {
        return CallContext.of(Binding.HTTP, Credentials.tenant(tenant));
    }

    static CapabilityDescriptor capability(String id, InvocationMode... modes) {
        return new CapabilityDescriptor(id, "1.0.0", modes.length == 0 ? List.of(InvocationMode.UNARY) : List.of(modes),
                "schema://test/" + id + "/in", "schema://test/" + id + "/out", List.of(), List.of(), null, null);
    }

    static ObjectNode payload(String key, String value) {
        return MigJson.object().put(key, value);
    }

    static InvokeRequest invoke(String capability, ObjectNode payload) {
        return new InvokeRequest(null, capability, payload, null);
    }

    static InvokeRequest invoke(String capability, ObjectNode payload, MessageHeader header) {
        return new InvokeRequest(header, capability, payload, null);
    }

    /** Waits for a future and returns the MIG error it failed with; fails the test if it succeeded. */
    static MigException failure(CompletableFuture<?> future) {
        try {
            Object value = future.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a MIG error but got " + value);
        } catch (ExecutionException e) {
            return MigException.from(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("no answer within 10 s", e);
        }
    }

    static <T> T value(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected success but got " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("no answer within 10 s", e);
        }
    }

    /** Echoes its payload and counts calls. */
    static final class Echo implements CapabilityProvider {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public CompletableFuture<ObjectNode> invoke(InvocationContext context) {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(context.payload().deepCopy());
        }
    }

    /** Never answers by itself; records the contexts it got so a test can finish or inspect them. */
    static final class Pending implements CapabilityProvider {
        final List<InvocationContext> contexts = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<ObjectNode>> futures = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<ObjectNode> invoke(InvocationContext context) {
            contexts.add(context);
            CompletableFuture<ObjectNode> future = new CompletableFuture<>();
            futures.add(future);
            return future;
        }

        int calls() {
            return contexts.size();
        }
    }

    /** Subscribes with unbounded demand and collects every item as it arrives (errors and completion ignored). */
    static <T> java.util.concurrent.LinkedBlockingQueue<T> collect(java.util.concurrent.Flow.Publisher<T> publisher) {
        java.util.concurrent.LinkedBlockingQueue<T> items = new java.util.concurrent.LinkedBlockingQueue<>();
        publisher.subscribe(new java.util.concurrent.Flow.Subscriber<T>() {
            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(T item) {
                items.add(item);
            }

            @Override
            public void onError(Throwable throwable) {
            }

            @Override
            public void onComplete() {
            }
        });
        return items;
    }
}
