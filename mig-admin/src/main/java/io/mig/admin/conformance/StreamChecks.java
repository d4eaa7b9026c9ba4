package io.mig.admin.conformance;

import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.gateway.MigGateway;
import io.mig.core.json.MigJson;
import io.mig.core.model.CancelAck;
import io.mig.core.model.CancelRequest;
import io.mig.core.model.FrameKind;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.StreamFrame;
import io.mig.core.model.StreamPreference;
import io.mig.core.port.in.CallContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** Streaming checks: a streamed INVOKE to its terminal frame, and CANCEL of a running stream. */
final class StreamChecks {
    static final long WAIT_SECONDS = 3;

    private final MigGateway gateway;
    private final CallContext call;

    StreamChecks(MigGateway gateway, CallContext call) {
        this.gateway = gateway;
        this.call = call;
    }

    String invoke() throws Exception {
        Collector frames = start(MigJson.object().put("nonce", "stream"), MessageHeader.empty(), frame -> { });
        List<StreamFrame> all = await(frames.done);
        long tokens = all.stream().filter(f -> f.kind() == FrameKind.RESPONSE && !Boolean.TRUE.equals(f.endStream())).count();
        StreamFrame last = all.get(all.size() - 1);
        SelfChecks.expect(tokens == 2, "expected 2 intermediate frames, got " + tokens);
        SelfChecks.expect(last.kind() == FrameKind.RESPONSE && Boolean.TRUE.equals(last.endStream()),
                "the stream did not end with a terminal response frame but " + last.kind());
        return "a server stream delivered 2 frames and a terminal frame";
    }

    String cancel() throws Exception {
        MessageHeader header = MessageHeader.empty().withMessageId("selfcheck-" + java.util.UUID.randomUUID());
        CompletableFuture<Void> firstFrame = new CompletableFuture<>();
        Collector frames = start(MigJson.object().put("hold", true), header, frame -> firstFrame.complete(null));
        await(firstFrame);
        CancelAck ack = gateway.cancel(call, new CancelRequest(MessageHeader.empty(), header.messageId(), "self-check"));
        SelfChecks.expect("cancelled".equals(ack.status()), "CANCEL of a running stream answered " + ack.status());
        List<StreamFrame> all = await(frames.done);
        StreamFrame last = all.get(all.size() - 1);
        SelfChecks.expect(last.kind() == FrameKind.ERROR && last.error() != null && last.error().code() == ErrorCode.MIG_TIMEOUT
                && last.error().details().path("cancelled").asBoolean(), "the cancelled stream ended with " + last);
        return "CANCEL stopped a running stream with a cancelled MIG_TIMEOUT frame";
    }

    private Collector start(com.fasterxml.jackson.databind.node.ObjectNode payload, MessageHeader header,
                            Consumer<StreamFrame> onFrame) throws Exception {
        InvokeRequest request = new InvokeRequest(header, SelfProbe.ID, payload, StreamPreference.SERVER_STREAM);
        Flow.Publisher<StreamFrame> publisher = await(gateway.stream(call, request, null));
        Collector collector = new Collector(onFrame);
        publisher.subscribe(collector);
        return collector;
    }

    /** Waits a bounded time; a MIG failure is rethrown as itself. */
    static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw MigException.from(e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError("no answer within " + WAIT_SECONDS + " s");
        }
    }

    /** Collects a stream's frames until it ends. */
    private static final class Collector implements Flow.Subscriber<StreamFrame> {
        final CompletableFuture<List<StreamFrame>> done = new CompletableFuture<>();
        private final List<StreamFrame> frames = new CopyOnWriteArrayList<>();
        private final Consumer<StreamFrame> onFrame;

        Collector(Consumer<StreamFrame> onFrame) {
            this.onFrame = onFrame;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            done.whenComplete((v, e) -> subscription.cancel());
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(StreamFrame frame) {
            frames.add(frame);
            onFrame.accept(frame);
        }

        @Override
        public void onError(Throwable throwable) {
            done.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            if (frames.isEmpty()) {
                done.completeExceptionally(new AssertionError("the stream ended without any frame"));
            } else {
                done.complete(List.copyOf(frames));
            }
        }
    }
}
