package io.mig.migd;

import io.mig.migd.MigdServer.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

/**
 * A running migd as the test helpers see it ({@link GrpcClient}, {@link WsClient}, the provider
 * and MCP helpers): where it listens, the client that talks to it, and the in-process
 * {@link Migd} behind it. {@link MigdServer} and {@link MigdExtension} are both one.
 */
public interface TestGateway {
    /** {@code http://127.0.0.1:port} (or {@code https:} with TLS). */
    String baseUrl();

    /** The HTTP port. */
    default int port() {
        return uri("/").getPort();
    }

    default URI uri(String path) {
        return URI.create(baseUrl() + path);
    }

    /** The HTTP client the JSON calls go through (it trusts the test certificate where there is one). */
    HttpClient client();

    /** The gateway behind it, when it runs in this JVM. */
    Migd migd();

    /** POSTs a JSON body; {@code headers} are name/value pairs. */
    Reply post(String path, String json, String... headers);

    Reply get(String path, String... headers);

    Reply delete(String path, String... headers);

    /** Sends {@code request} with {@code headers} (name/value pairs) added. */
    Reply send(HttpRequest.Builder request, String... headers);
}
