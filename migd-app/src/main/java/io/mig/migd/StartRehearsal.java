package io.mig.migd;

import io.mig.binding.http.HttpBinding;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a start run with {@value Main#EXIT_WHEN_STARTED} does before it stops: it sends its own HTTP
 * listener one request of each common kind over loopback, so that the class-data-sharing archive the
 * build records from that run also holds the classes of accepting a connection and answering a
 * request. Without them the first request after a start (a readiness probe, bench/run's P7) loads
 * several hundred classes from the jar.
 */
final class StartRehearsal {
    private static final String ENVELOPE = "{\"header\":{\"tenant_id\":\"acme\"},\"payload\":{\"input\":\"hello\"}}";
    private static final List<String[]> REQUESTS = List.of(
            new String[] {"GET", "/readyz", null},
            new String[] {"GET", "/healthz", null},
            new String[] {"POST", "/mig/v0.1/hello", "{\"header\":{\"tenant_id\":\"acme\"},\"supported_versions\":[\"0.1\"],\"requested_bindings\":[\"http\"]}"},
            new String[] {"POST", "/mig/v0.1/discover", "{\"header\":{\"tenant_id\":\"acme\"}}"},
            new String[] {"POST", "/mig/v0.1/invoke/observatory.models.infer", ENVELOPE});

    private StartRehearsal() {
    }

    /**
     * Sends the requests to a plain-HTTP listener (none over TLS); returns how many were answered.
     * A refused or failed request only counts as unanswered: the run is a recording, not a check.
     */
    static int run(Migd migd) {
        HttpBinding http = migd.binding(HttpBinding.class).orElse(null);
        if (http == null || !http.describe().startsWith("http://")) {
            return 0;
        }
        int answered = 0;
        for (String[] request : REQUESTS) {
            if (send(http.port(), request[0], request[1], request[2])) {
                answered++;
            }
        }
        return answered;
    }

    private static boolean send(int port, String method, String path, String body) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + content.length + "\r\n")
                    + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] start = in.readNBytes(12); // "HTTP/1.1 200"
            in.transferTo(OutputStream.nullOutputStream()); // to the end: the server closes after the answer
            return new String(start, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 2");
        } catch (IOException e) {
            return false;
        }
    }
}
