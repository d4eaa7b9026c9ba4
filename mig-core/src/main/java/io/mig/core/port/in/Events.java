package io.mig.core.port.in;

import io.mig.core.model.EventMessage;
import io.mig.core.model.PublishAck;
import io.mig.core.model.PublishRequest;
import io.mig.core.model.SubscribeRequest;
import java.util.concurrent.Flow;

/** The event plane: PUBLISH and SUBSCRIBE with replay. */
public interface Events {
    PublishAck publish(CallContext call, PublishRequest request);

    /**
     * Validates the request and returns the tenant's event stream of the topic: first the retained
     * events after the cursor ({@code replay: true}), then live events, with no gap and no
     * duplicate. A subscriber whose live queue overflows receives {@code onError} with a
     * {@code MIG_BACKPRESSURE} whose {@code details.last_sequence} is the last event delivered.
     *
     * @throws io.mig.core.error.MigException before anything is streamed when the request is invalid
     */
    Flow.Publisher<EventMessage> subscribe(CallContext call, SubscribeRequest request);
}
