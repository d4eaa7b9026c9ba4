package io.mig.binding.mcp.client;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The MCP sessions of this process, one per upstream endpoint (URL and headers), shared by every
 * provider and by federation, over one pooled HTTP/1.1 client. A call holds a thread of a
 * cached, daemon pool while its answer streams in.
 */
final class McpClients {
    private static final McpClients SHARED = new McpClients();

    private final HttpClient http;
    private final ExecutorService executor;
    private final Map<McpEndpoint, McpSession> sessions = new ConcurrentHashMap<>();
    private final String version;

    private McpClients() {
        this.executor = Executors.newCachedThreadPool(daemonThreads());
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String implementation = McpClients.class.getPackage().getImplementationVersion();
        this.version = implementation == null ? "0.1.0" : implementation;
    }

    static McpClients shared() {
        return SHARED;
    }

    McpSession session(McpEndpoint endpoint) {
        return sessions.computeIfAbsent(endpoint, e -> new McpSession(e, http, executor, version));
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "mcp-client-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
