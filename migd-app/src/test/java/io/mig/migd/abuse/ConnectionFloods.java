package io.mig.migd.abuse;

import static io.mig.migd.abuse.AbuseTarget.HEADER_TIMEOUT_MS;
import static io.mig.migd.abuse.AbuseTarget.MAX_CONNECTIONS;
import static io.mig.migd.abuse.AbuseTarget.MIB;
import static io.mig.migd.abuse.AbuseTarget.SLOW;
import static io.mig.migd.abuse.AbuseTarget.WS_MAX_STREAMS;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.migd.WsClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Findings 12 and 13: holding connections, and one connection holding a capability. */
final class ConnectionFloods {
    /** File descriptors migd may hold beyond its connection cap: its own files, pools, the probe. */
    static final int FD_SLACK = 64;

    private ConnectionFloods() {
    }

    /**
     * Finding 12: more connections than {@code MIGD_MAX_CONNECTIONS} (256 here), each sending a
     * request head that never ends, one byte every half second. Without a header deadline they
     * stayed for ever and without a cap they reached "Too many open files". migd must hold at most
     * its cap (counted in its {@code /proc} file descriptors), cut the trickling heads at the
     * deadline, and answer {@code /healthz} throughout on an open connection and afterwards on a
     * new one. The attempts after the warm-up quarter (one round of connections) exceed the cap and
     * its fd slack by 100, so that a migd without the cap fails the fd check by that much.
     */
    static Attack slowloris() {
        return Scripted.attack("slowloris", "finding 12: more trickling connections than the cap (" + MAX_CONNECTIONS + ")",
                (MAX_CONNECTIONS + FD_SLACK + 100) * 4 / 3, 3_000, 16 * MIB, ConnectionFloods::trickle).keepingAtMost(1024)
                .verifying(target -> {
                    // our connections are gone: a new one is accepted again and answered
                    HttpResponse<String> health = target.get(null, "/healthz");
                    return health.statusCode() == 200 ? List.of() : List.of("/healthz on a new connection: " + health.statusCode());
                });
    }

    private static List<String> trickle(AbuseTarget target, int attempts) throws Exception {
        List<String> problems = new ArrayList<>();
        int baseline = target.openFileDescriptors();
        Queue<Socket> open = new ConcurrentLinkedQueue<>();
        AtomicInteger refused = new AtomicInteger();
        try {
            Workers.run(8, attempts, i -> {
                Socket socket = new Socket();
                try {
                    socket.connect(new InetSocketAddress("127.0.0.1", target.port()), 300);
                    socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    open.add(socket);
                } catch (IOException notAccepted) {
                    socket.close(); // over the cap the kernel's queue fills, then connects time out: expected
                    refused.incrementAndGet();
                }
                return null;
            });
            int maxFds = target.openFileDescriptors();
            int cut = 0;
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HEADER_TIMEOUT_MS + 1_000);
            while (System.nanoTime() < end && !open.isEmpty()) {
                Thread.sleep(500);
                for (var it = open.iterator(); it.hasNext(); ) {
                    Socket socket = it.next();
                    if (!stillOpen(socket)) {
                        socket.close();
                        it.remove();
                        cut++;
                    }
                }
                maxFds = Math.max(maxFds, target.openFileDescriptors());
            }
            if (maxFds - baseline > MAX_CONNECTIONS + FD_SLACK) {
                problems.add("migd held " + (maxFds - baseline) + " more file descriptors, over its cap of " + MAX_CONNECTIONS);
            }
            if (cut == 0) {
                problems.add("no trickling connection was cut at the header deadline (" + refused.get() + " not accepted)");
            }
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
        return problems;
    }

    /** Writes one more header byte; false once the server has closed (a read of -1 or a reset). */
    private static boolean stillOpen(Socket socket) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write('X');
            out.flush();
            socket.setSoTimeout(1);
            return socket.getInputStream().read() != -1;
        } catch (java.net.SocketTimeoutException nothingYet) {
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    /**
     * Finding 13: one WebSocket sends many requests to a capability with {@code max_concurrency} 8
     * whose calls last 1 s each; at most {@code MIGD_WS_MAX_STREAMS} (4) of them may run at once (the
     * provider counts the calls it holds at once), the others are
     * refused on the socket, and an HTTP call made meanwhile must get through (it got 503 when the
     * socket could take the whole bulkhead).
     */
    static Attack webSocketBulkhead() {
        return Scripted.attack("ws-bulkhead", "finding 13: one WebSocket floods a capability (max_concurrency "
                        + AbuseTarget.SLOW_MAX_CONCURRENCY + "); an HTTP call still gets through",
                100, 5_000, 8 * MIB, ConnectionFloods::flood);
    }

    private static List<String> flood(AbuseTarget target, int attempts) throws Exception {
        List<String> problems = new ArrayList<>();
        URI stream = URI.create("ws://127.0.0.1:" + target.port() + "/mig/v0.1/stream");
        target.upstream().takeHoldingPeak();
        try (WsClient ws = WsClient.connect(stream, "Authorization", "Bearer " + target.token("acme"))) {
            for (int i = 0; i < attempts; i++) {
                ws.send("{\"kind\":\"request\",\"capability\":\"" + SLOW + "\",\"stream_id\":\"s" + i
                        + "\",\"header\":{\"tenant_id\":\"acme\"},\"payload\":{\"hold_ms\":1000}}");
            }
            CompletableFuture<HttpResponse<String>> http = target.client().sendAsync(HttpRequest.newBuilder(
                            target.uri("/mig/v0.1/invoke/" + SLOW)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + target.token("acme"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"header\":{\"tenant_id\":\"acme\"},\"payload\":{}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            int refused = 0;
            int other = 0;
            for (int seen = 0; seen < attempts; seen++) {
                JsonNode frame = ws.poll(10_000);
                if (frame == null) {
                    break;
                }
                if ("error".equals(frame.path("kind").asText()) && "MIG_BACKPRESSURE".equals(frame.at("/error/code").asText())) {
                    refused++;
                } else if (!"error".equals(frame.path("kind").asText())) {
                    other++;
                }
            }
            if (refused + other < attempts) {
                problems.add("only " + (refused + other) + " of " + attempts + " streams were answered (" + refused + " refused)");
            }
            if (attempts > WS_MAX_STREAMS && refused == 0) {
                problems.add("none of " + attempts + " streams was refused");
            }
            int peak = target.upstream().takeHoldingPeak();
            if (peak > WS_MAX_STREAMS) { // the HTTP call is not held: every held call is the socket's
                problems.add(peak + " of the socket's calls ran at once, more than its " + WS_MAX_STREAMS);
            }
            HttpResponse<String> answer = http.get(30, TimeUnit.SECONDS);
            if (answer.statusCode() != 200) {
                problems.add("the HTTP call beside the socket: " + answer.statusCode() + " " + StoreFloods.head(answer.body()));
            }
        }
        return problems;
    }
}
