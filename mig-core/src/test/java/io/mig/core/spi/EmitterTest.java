package io.mig.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The cancel callback tells a producer its work was abandoned — only then (issue 8 item 9). */
class EmitterTest {
    @Test
    void aCancelBeforeTheEndRunsTheCallbackOnce() {
        Emitter<String> emitter = new Emitter<>();
        AtomicInteger cancelled = new AtomicInteger();
        emitter.onCancel(cancelled::incrementAndGet);
        Recorder recorder = new Recorder();
        emitter.subscribe(recorder);
        emitter.emit("a");
        recorder.subscription.cancel();
        recorder.subscription.cancel();
        assertThat(cancelled).hasValue(1);
        assertThat(recorder.items).containsExactly("a");
    }

    @Test
    void aCancelAfterCompletionDoesNotRunIt() {
        Emitter<String> emitter = new Emitter<>();
        AtomicInteger cancelled = new AtomicInteger();
        emitter.onCancel(cancelled::incrementAndGet);
        Recorder recorder = new Recorder();
        emitter.subscribe(recorder);
        emitter.emit("a");
        emitter.complete();
        assertThat(recorder.completed).isTrue();
        recorder.subscription.cancel(); // e.g. a transport releasing the stream once it is over
        assertThat(cancelled).hasValue(0);
    }

    @Test
    void aCancelAfterFailureOrBeforeTheCallbackIsSetDoesNotRunItEither() {
        Emitter<String> failed = new Emitter<>();
        AtomicInteger cancelled = new AtomicInteger();
        failed.onCancel(cancelled::incrementAndGet);
        Recorder recorder = new Recorder();
        failed.subscribe(recorder);
        failed.fail(new IllegalStateException("provider failed"));
        recorder.subscription.cancel();
        assertThat(cancelled).hasValue(0);

        Emitter<String> completedThenCancelled = new Emitter<>();
        Recorder late = new Recorder();
        completedThenCancelled.subscribe(late);
        completedThenCancelled.complete();
        late.subscription.cancel();
        completedThenCancelled.onCancel(cancelled::incrementAndGet);
        assertThat(cancelled).hasValue(0);
    }

    @Test
    void theBacklogCountsWhatIsEmittedAndNotYetDelivered() {
        Emitter<String> emitter = new Emitter<>();
        List<String> items = new ArrayList<>();
        Flow.Subscription[] subscription = new Flow.Subscription[1];
        emitter.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription[0] = s; // no demand yet: emitted items wait
            }

            @Override
            public void onNext(String item) {
                items.add(item);
            }

            @Override
            public void onError(Throwable throwable) {
            }

            @Override
            public void onComplete() {
            }
        });
        emitter.emit("a");
        emitter.emit("b");
        emitter.emit("c");
        assertThat(emitter.backlog()).isEqualTo(3);
        subscription[0].request(2);
        assertThat(items).containsExactly("a", "b");
        assertThat(emitter.backlog()).isEqualTo(1);
        emitter.emit("d");
        assertThat(emitter.backlog()).isEqualTo(2);
        subscription[0].cancel();
        assertThat(emitter.backlog()).isZero();
        assertThat(emitter.emit("e")).isFalse();
        assertThat(emitter.backlog()).isZero();
    }

    private static final class Recorder implements Flow.Subscriber<String> {
        final List<String> items = new ArrayList<>();
        Flow.Subscription subscription;
        boolean completed;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String item) {
            items.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            completed = true;
        }

        @Override
        public void onComplete() {
            completed = true;
        }
    }
}
