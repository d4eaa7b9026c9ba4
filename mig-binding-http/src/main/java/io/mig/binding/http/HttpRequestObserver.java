package io.mig.binding.http;

import io.mig.core.spi.ServiceKey;

/** Told of every finished HTTP request, for request metrics; {@code route} is the route template. */
@FunctionalInterface
public interface HttpRequestObserver {
    /** Under this key the application hands the HTTP binding its request observer. */
    ServiceKey<HttpRequestObserver> SERVICE = ServiceKey.of("http-request-observer", HttpRequestObserver.class);

    HttpRequestObserver NONE = (method, route, status, seconds) -> { };

    void requestCompleted(String method, String route, int status, double seconds);
}
