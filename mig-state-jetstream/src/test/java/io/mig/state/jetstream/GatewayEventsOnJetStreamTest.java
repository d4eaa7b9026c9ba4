package io.mig.state.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.gateway.MigGateway;
import io.mig.core.json.MigJson;
import io.mig.core.model.Binding;
import io.mig.core.model.EventMessage;
import io.mig.core.model.PublishRequest;
import io.mig.core.model.SubscribeRequest;
import io.mig.core.port.in.CallContext;
import io.mig.core.port.in.Credentials;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The gateway's own subscription (replay pages, then live, SPEC §3.4) over the JetStream log, with
 * two gateways on one stream: a subscriber on B gets A's and B's events, the retained ones marked
 * replay and the later ones live, in one sequence without gap or duplicate.
 */
class GatewayEventsOnJetStreamTest {
    @Test
    void a_subscriber_on_one_gateway_replays_then_follows_the_events_published_on_both() throws Exception {
        JetStreamEventLog.Options options = JetStreamEventLog.Options.defaults().withPrefix("GW");
        try (MigGateway a = MigGateway.builder().eventLog(new JetStreamEventLog(JetStreamServer.shared().connect(), options)).build();
             MigGateway b = MigGateway.builder().eventLog(new JetStreamEventLog(JetStreamServer.shared().connect(), options)).build()) {
            for (int i = 1; i <= 300; i++) { // more than one replay page (256)
                publish(i % 3 == 0 ? b : a, i);
            }
            Collector subscriber = new Collector();
            b.subscribe(acme(), new SubscribeRequest(null, "orders.created", null, null, null)).subscribe(subscriber);
            Thread other = new Thread(() -> {
                for (int i = 301; i <= 350; i++) {
                    publish(a, i);
                }
            });
            other.start();
            for (int i = 351; i <= 400; i++) {
                publish(b, i);
            }
            other.join(30_000);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (subscriber.events.size() < 400 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertThat(subscriber.events).extracting(EventMessage::sequence)
                    .as("one gap-free sequence, each event once")
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 400).boxed().toList());
            assertThat(subscriber.events.subList(0, 300)).as("what was retained when the subscriber came is replay")
                    .allMatch(EventMessage::replay);
            assertThat(subscriber.events.get(subscriber.events.size() - 1).replay()).isFalse();
            assertThat(subscriber.error).isEmpty();
        }
    }

    private static void publish(MigGateway gateway, int n) {
        gateway.publish(acme(), new PublishRequest(null, "orders.created", null, MigJson.object().put("n", n)));
    }

    private static CallContext acme() {
        return CallContext.of(Binding.HTTP, Credentials.tenant("acme"));
    }

    private static final class Collector implements Flow.Subscriber<EventMessage> {
        final List<EventMessage> events = new CopyOnWriteArrayList<>();
        final List<Throwable> error = new CopyOnWriteArrayList<>();

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(EventMessage item) {
            events.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            error.add(throwable);
        }

        @Override
        public void onComplete() {
        }
    }
}
