package io.mig.binding.http.provider;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The one outbound HTTP client every HTTP provider of the process shares: keep-alive connections
 * pooled per upstream, started on first use, on daemon threads so it never keeps a JVM alive.
 * The pool is sized above the gateway's own limits (bulkheads and {@code MIGD_MAX_INFLIGHT}), so
 * those decide admission, not a hidden queue in the client.
 */
final class ProviderClient {
    static final int MAX_CONNECTIONS_PER_UPSTREAM = 1024;
    static final long POOLED_IDLE_TIMEOUT_MS = 30_000;
    static final long CONNECT_TIMEOUT_MS = 5_000;

    private static volatile HttpClient shared;

    private ProviderClient() {
    }

    static HttpClient shared() {
        HttpClient client = shared;
        if (client == null) {
            synchronized (ProviderClient.class) {
                client = shared;
                if (client == null) {
                    client = start();
                    shared = client;
                }
            }
        }
        return client;
    }

    private static HttpClient start() {
        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName("mig-provider");
        threads.setDaemon(true);
        HttpClient client = new HttpClient();
        client.setExecutor(threads);
        client.setScheduler(new ScheduledExecutorScheduler("mig-provider-timer", true));
        client.setName("mig-provider-client");
        client.setMaxConnectionsPerDestination(MAX_CONNECTIONS_PER_UPSTREAM);
        client.setMaxRequestsQueuedPerDestination(4 * MAX_CONNECTIONS_PER_UPSTREAM);
        client.setIdleTimeout(POOLED_IDLE_TIMEOUT_MS);
        client.setConnectTimeout(CONNECT_TIMEOUT_MS);
        client.setFollowRedirects(false);
        client.setUseInputDirectByteBuffers(false);
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "migd"));
        // answers are small JSON on a local network: no Accept-Encoding, no decoder lookup per response
        client.getContentDecoderFactories().clear();
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP provider client did not start", e);
        }
        return client;
    }
}
