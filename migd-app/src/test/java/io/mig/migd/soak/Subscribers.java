package io.mig.migd.soak;

import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import io.mig.binding.grpc.v0_1.EventMessage;
import io.mig.binding.grpc.v0_1.MessageHeader;
import io.mig.binding.grpc.v0_1.SubscribeRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Subscribers that come and go: SSE subscriptions over raw sockets that vanish with a TCP reset
 * (no goodbye, as a crashed client), and gRPC {@code Subscribe} calls cancelled at a random moment.
 * Each lives 0.5–8 s on one of the soak's topics; the churn keeps {@code sse} and {@code grpc} of
 * them open. Subscriptions are not INVOKEs, so none of this is audited.
 */
final class Subscribers implements AutoCloseable {
    private final int httpPort;
    private final Requests requests;
    private final int sseTarget;
    private final int grpcTarget;
    private final Random random = new Random(11);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Requests.daemon("soak-churn"));
    private final AtomicInteger liveSse = new AtomicInteger();
    private final AtomicInteger liveGrpc = new AtomicInteger();
    final LongAdder sseOpened = new LongAdder();
    final LongAdder grpcOpened = new LongAdder();
    final LongAdder sseEvents = new LongAdder();
    final LongAdder grpcEvents = new LongAdder();
    final LongAdder sseRefused = new LongAdder();
    final LongAdder grpcFailed = new LongAdder();
    private volatile boolean running = true;

    Subscribers(int httpPort, Requests requests, int sseTarget, int grpcTarget) {
        this.httpPort = httpPort;
        this.requests = requests;
        this.sseTarget = sseTarget;
        this.grpcTarget = grpcTarget;
        timer.scheduleWithFixedDelay(this::topUp, 0, 100, TimeUnit.MILLISECONDS);
    }

    private synchronized long lifetimeMillis() {
        return 500 + random.nextInt(7_500);
    }

    private synchronized String topic() {
        return "soak.t" + random.nextInt(Requests.TOPICS);
    }

    private void topUp() {
        if (!running) {
            return;
        }
        if (liveSse.get() < sseTarget) {
            liveSse.incrementAndGet();
            Thread thread = new Thread(this::sseSubscriber, "soak-sse-subscriber");
            thread.setDaemon(true);
            thread.start();
        }
        if (liveGrpc.get() < grpcTarget) {
            liveGrpc.incrementAndGet();
            grpcSubscriber();
        }
    }

    private void sseSubscriber() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", httpPort), 5_000);
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /mig/v0.1/subscribe/" + topic() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Tenant-ID: " + Soak.TENANT
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            if (status == null || !status.contains(" 200 ")) {
                sseRefused.increment();
                return;
            }
            sseOpened.increment();
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(lifetimeMillis());
            while (running && System.nanoTime() < until) {
                String line;
                try {
                    line = in.readLine();
                } catch (java.net.SocketTimeoutException quiet) {
                    continue;
                }
                if (line == null) {
                    return; // the server ended it (the SIGTERM)
                }
                if (line.startsWith("event: mig-event")) {
                    sseEvents.increment();
                }
            }
            socket.setSoLinger(true, 0); // vanish: a reset, not a goodbye
        } catch (IOException e) {
            sseRefused.increment();
        } finally {
            liveSse.decrementAndGet();
        }
    }

    private void grpcSubscriber() {
        Context.CancellableContext context = Context.current().withCancellation();
        SubscribeRequest request = SubscribeRequest.newBuilder()
                .setHeader(MessageHeader.newBuilder().setTenantId(Soak.TENANT)).setTopic(topic()).build();
        AtomicInteger ended = new AtomicInteger();
        Runnable end = () -> {
            if (ended.getAndIncrement() == 0) {
                liveGrpc.decrementAndGet();
            }
        };
        context.run(() -> requests.events.subscribe(request, new StreamObserver<>() {
            @Override
            public void onNext(EventMessage value) {
                grpcEvents.increment();
            }

            @Override
            public void onError(Throwable t) {
                if (!context.isCancelled()) {
                    grpcFailed.increment();
                }
                end.run();
            }

            @Override
            public void onCompleted() {
                end.run();
            }
        }));
        grpcOpened.increment();
        timer.schedule(() -> {
            context.cancel(null);
            end.run();
        }, lifetimeMillis(), TimeUnit.MILLISECONDS);
    }

    String describe() {
        return String.format("subs sse=%d/%d ev grpc=%d/%d ev", sseOpened.sum(), sseEvents.sum(), grpcOpened.sum(), grpcEvents.sum());
    }

    @Override
    public void close() {
        running = false;
        timer.shutdownNow();
    }
}
