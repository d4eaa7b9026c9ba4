package io.mig.migd.abuse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks {@code /healthz} every {@value #INTERVAL_MS} ms on its own thread, as a load balancer would,
 * for as long as the suite runs: every probe must answer 200 within {@link #BOUND}. The worst
 * latency and the failures are read (and reset) per attack.
 */
final class HealthProbe implements AutoCloseable {
    static final long INTERVAL_MS = 100;
    /**
     * Generous on purpose: it must hold on a loaded two-core machine (on this project's shared one,
     * with the attack's own workers on the same cores, single probes took up to 2.2 s), while a
     * stalled server misses it by far (a heap full of trees: probes of 30 s and more).
     */
    static final Duration BOUND = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(BOUND).build();
    private final HttpRequest request;
    private final Thread thread;
    private final List<String> failures = new ArrayList<>();
    private volatile boolean running = true;
    private long worstNanos;
    private int probes;

    HealthProbe(int port) {
        request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).timeout(BOUND).GET().build();
        thread = new Thread(this::loop, "abuse-healthz-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            long start = System.nanoTime();
            String failure = null;
            try {
                HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    failure = "status " + answer.statusCode();
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            long took = System.nanoTime() - start;
            if (failure == null && took > BOUND.toNanos()) {
                failure = "answered after " + took / 1_000_000 + " ms";
            }
            record(took, failure);
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void record(long took, String failure) {
        probes++;
        worstNanos = Math.max(worstNanos, took);
        if (failure != null && failures.size() < 10) {
            failures.add(failure);
        }
    }

    /** What the probe saw since the last call, and a fresh start for the next attack. */
    synchronized Window take() {
        Window window = new Window(probes, worstNanos / 1_000_000, List.copyOf(failures));
        probes = 0;
        worstNanos = 0;
        failures.clear();
        return window;
    }

    /** Probes made, the slowest one's latency, the first failures. */
    record Window(int probes, long worstMillis, List<String> failures) {
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
