package io.mig.binding.http;

/** Told of every finished HTTP request, for request metrics; {@code route} is the route template. */
@FunctionalInterface
public interface HttpRequestObserver {
    HttpRequestObserver NONE = (method, route, status, seconds) -> { };

    void requestCompleted(String method, String route, int status, double seconds);
}
