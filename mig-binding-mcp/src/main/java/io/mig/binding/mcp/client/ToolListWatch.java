package io.mig.binding.mcp.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Listens for {@code notifications/tools/list_changed} of one upstream, until closed: in the
 * legacy era on the standalone GET event stream of its session (re-opened, with the session after
 * a 404, when it ends; a server that offers none answers 405 and is not listened to), in the
 * modern era on a {@code subscriptions/listen} stream asking for {@code toolsListChanged}.
 */
final class ToolListWatch implements AutoCloseable {
    /** The first wait before the stream is opened again; it doubles up to {@link #MAX_RETRY} while the server stays away. */
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final McpSession session;
    private final Runnable onToolsChanged;
    private final AtomicReference<InputStream> open = new AtomicReference<>();
    private final AtomicReference<McpSession.Call> subscription = new AtomicReference<>();
    private volatile boolean closed;
    private long retryMs = RETRY.toMillis();

    ToolListWatch(McpSession session, Runnable onToolsChanged) {
        this.session = session;
        this.onToolsChanged = onToolsChanged;
    }

    ToolListWatch start() {
        session.executor().execute(this::run);
        return this;
    }

    private void run() {
        while (!closed) {
            McpSession.State at;
            try {
                at = session.state(Duration.ofSeconds(10));
            } catch (MigException e) {
                pause();
                continue;
            }
            if (at.era() == McpSession.Era.MODERN) {
                subscribe();
                continue;
            }
            if (at.sessionId() == null) {
                return; // a legacy server without sessions has no stream to listen on
            }
            try {
                HttpResponse<InputStream> response = session.openEventStream(at);
                try (InputStream body = response.body()) {
                    open.set(body);
                    if (closed) {
                        return;
                    }
                    if (response.statusCode() == 404) {
                        session.expire(at);
                        continue;
                    }
                    if (response.statusCode() == 405) {
                        return;
                    }
                    if (response.statusCode() == 200) {
                        retryMs = RETRY.toMillis();
                        read(new SseEvents(body, McpSession.MAX_ANSWER_CHARS));
                    }
                }
            } catch (IOException e) {
                // the stream broke: open it again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause();
        }
    }

    /** One modern subscription, held until the server ends it or the stream breaks. */
    private void subscribe() {
        McpSession.Call call = session.listen(MigJson.object().put("toolsListChanged", true), this::onNotification);
        subscription.set(call);
        if (closed) {
            call.cancel("closed");
            return;
        }
        try {
            call.result().get();
            retryMs = RETRY.toMillis(); // a graceful end: subscribe again soon
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
            call.cancel("interrupted");
            return;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
            // refused or broken: try again later
        }
        pause();
    }

    private void onNotification(JsonNode event) {
        if ("notifications/tools/list_changed".equals(event.path("method").asText())) {
            try {
                onToolsChanged.run();
            } catch (RuntimeException ignored) {
                // the listener audits its own failures; listening goes on
            }
        }
    }

    private void read(SseEvents events) throws IOException {
        String data;
        while (!closed && (data = events.next()) != null) {
            JsonNode event = McpSession.parse(data);
            if (event != null) {
                onNotification(event);
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(retryMs);
            retryMs = Math.min(MAX_RETRY.toMillis(), retryMs * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        McpSession.Call call = subscription.get();
        if (call != null) {
            call.cancel("closed");
        }
        InputStream body = open.get();
        if (body != null) {
            try {
                body.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
