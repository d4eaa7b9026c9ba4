package io.mig.migd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One of several migd instances sharing state, each its own operating-system process
 * ({@link MigdProcess}) on a free loopback port, with the JSON client of {@link MigdServer}. Close it
 * to kill it; {@link #stop} ends it as an orchestrator would (SIGTERM, drain).
 */
final class MigdInstance implements AutoCloseable {
    private final String id;
    private final MigdProcess process;
    private final MigdHttp http;

    private MigdInstance(String id, MigdProcess process, int port) {
        this.id = id;
        this.process = process;
        this.http = new MigdHttp("http://127.0.0.1:" + port, MigdHttp.defaultClient());
    }

    /** Starts instance {@code id} ({@code MIGD_INSTANCE_ID}) with these settings on top of a quiet default. */
    static MigdInstance start(String id, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>();
        env.put("MIGD_ADDR", "127.0.0.1:0");
        env.put("MIGD_INSTANCE_ID", id);
        env.put("MIGD_ACCESS_LOG", "off");
        env.put("MIGD_LOG_FORMAT", "text");
        env.putAll(settings);
        try {
            MigdProcess process = MigdProcess.start(env);
            try {
                return new MigdInstance(id, process, process.awaitPort(120));
            } catch (AssertionError | InterruptedException e) {
                process.close();
                throw new IllegalStateException("instance " + id + " did not start", e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String id() {
        return id;
    }

    URI uri(String path) {
        return http.uri(path);
    }

    MigdServer.Reply post(String path, String json, String... headers) {
        return http.post(path, json, headers);
    }

    /** As {@link #post}, without waiting for the answer. */
    CompletableFuture<MigdServer.Reply> postAsync(String path, String json, String... headers) {
        return CompletableFuture.supplyAsync(() -> post(path, json, headers));
    }

    MigdServer.Reply get(String path, String... headers) {
        return http.get(path, headers);
    }

    MigdServer.Reply delete(String path, String... headers) {
        return http.delete(path, headers);
    }

    /** SIGTERM and the drain; fails if the process has not ended within 20 s. */
    void stop() throws InterruptedException {
        process.terminate();
        process.awaitExit(20);
    }

    /** What the process wrote on stderr so far (its log), for failure messages. */
    java.util.List<String> log() {
        return process.stderr();
    }

    @Override
    public void close() {
        process.close();
    }
}
