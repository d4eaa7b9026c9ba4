package io.mig.core.port.in;

import io.mig.core.model.DiscoverRequest;
import io.mig.core.model.DiscoverResponse;
import io.mig.core.model.HelloRequest;
import io.mig.core.model.HelloResponse;

/** The discovery plane: HELLO and DISCOVER. */
public interface Discovery {
    HelloResponse hello(CallContext call, HelloRequest request);

    DiscoverResponse discover(CallContext call, DiscoverRequest request);
}
