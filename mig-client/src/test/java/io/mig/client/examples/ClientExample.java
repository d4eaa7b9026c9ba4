package io.mig.client.examples;

// tag::client[]
import io.mig.client.InvokeResult;
import io.mig.client.MigClient;
import io.mig.client.MigEvent;
import io.mig.client.MigUnsupportedCapabilityException;
import io.mig.client.StreamFrame;
import java.io.PrintStream;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Calls a MIG gateway with mig-client: a unary and a streamed INVOKE, events, and a typed error. */
public final class ClientExample {

    /** A subscriber that takes everything and hands each item to {@code action} (which must not block). */
    static <T> Flow.Subscriber<T> each(Consumer<T> action, Runnable done) {
        return new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(T item) {
                action.accept(item);
            }

            @Override
            public void onError(Throwable failure) {
                System.err.println("stream failed: " + failure);
                done.run();
            }

            @Override
            public void onComplete() {
                done.run();
            }
        };
    }

    public static void run(String baseUrl, PrintStream out) throws InterruptedException {
        MigClient client = MigClient.builder().baseUrl(baseUrl).tenant("acme").actor("client-example").build();

        out.println("hello: MIG " + client.hello().selectedVersion());

        InvokeResult answer = client.invoke("observatory.models.infer", Map.of("input", "hello"));
        out.println("invoke: " + answer.payload().path("result").asText());

        // one frame per word, then the terminal frame with the whole result
        StringJoiner tokens = new StringJoiner(" ");
        CountDownLatch streamed = new CountDownLatch(1);
        client.invokeStream("observatory.models.infer", Map.of("input", "the quick brown fox"))
                .subscribe(each((StreamFrame frame) -> {
                    if (!frame.endStream()) {
                        tokens.add(frame.payload().path("token").asText());
                    }
                }, streamed::countDown));
        streamed.await(10, TimeUnit.SECONDS);
        out.println("stream: " + tokens);

        // a subscription replays what the topic retains, then goes on live; it reconnects by itself
        CountDownLatch twoEvents = new CountDownLatch(2);
        Flow.Subscriber<MigEvent> printer = each(event -> {
            out.println("event " + event.sequence() + ": " + event.payload().path("status").asText());
            twoEvents.countDown();
        }, () -> { });
        client.subscribe("acme.example.done").subscribe(printer);
        client.publish("acme.example.done", Map.of("status", "ok"));
        client.publish("acme.example.done", Map.of("status", "done"));
        twoEvents.await(10, TimeUnit.SECONDS);

        try {
            client.invoke("acme.tools.missing", Map.of());
        } catch (MigUnsupportedCapabilityException e) {
            out.println("error: " + e.code() + " (HTTP " + e.httpStatus() + ")");
        }
    }

    public static void main(String[] args) throws InterruptedException {
        run(args.length > 0 ? args[0] : "http://localhost:8080", System.out);
    }
}
// end::client[]
