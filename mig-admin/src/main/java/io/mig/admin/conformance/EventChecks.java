package io.mig.admin.conformance;

import io.mig.core.gateway.MigGateway;
import io.mig.core.json.MigJson;
import io.mig.core.model.EventMessage;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.PublishAck;
import io.mig.core.model.PublishRequest;
import io.mig.core.model.SubscribeRequest;
import io.mig.core.port.in.CallContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

/** Evented check: PUBLISH two events on an internal topic, SUBSCRIBE from a cursor, get both replayed. */
final class EventChecks {
    static final String TOPIC = "migd.selfcheck.events";

    private final MigGateway gateway;
    private final CallContext call;

    EventChecks(MigGateway gateway, CallContext call) {
        this.gateway = gateway;
        this.call = call;
    }

    String replay() throws Exception {
        PublishAck first = publish(1);
        PublishAck second = publish(2);
        SelfChecks.expect(second.sequence() == first.sequence() + 1,
                "sequences " + first.sequence() + " and " + second.sequence() + " are not consecutive");
        Flow.Publisher<EventMessage> events = gateway.subscribe(call, new SubscribeRequest(MessageHeader.empty(), TOPIC,
                null, Long.toString(first.sequence() - 1), 16));
        CompletableFuture<List<EventMessage>> two = new CompletableFuture<>();
        List<EventMessage> received = new CopyOnWriteArrayList<>();
        events.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                two.whenComplete((v, e) -> subscription.cancel());
                subscription.request(2);
            }

            @Override
            public void onNext(EventMessage event) {
                received.add(event);
                if (received.size() == 2) {
                    two.complete(List.copyOf(received));
                }
            }

            @Override
            public void onError(Throwable throwable) {
                two.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                two.completeExceptionally(new AssertionError("the subscription ended after " + received.size() + " events"));
            }
        });
        List<EventMessage> replayed = StreamChecks.await(two);
        SelfChecks.expect(replayed.get(0).sequence() == first.sequence() && replayed.get(1).sequence() == second.sequence(),
                "replay delivered sequences " + replayed.get(0).sequence() + ", " + replayed.get(1).sequence());
        SelfChecks.expect(replayed.get(0).replay() && replayed.get(1).replay(), "replayed events were not marked replay");
        return "2 published events were replayed from cursor " + (first.sequence() - 1);
    }

    private PublishAck publish(int n) {
        return gateway.publish(call, new PublishRequest(MessageHeader.empty(), TOPIC, null, MigJson.object().put("n", n)));
    }
}
