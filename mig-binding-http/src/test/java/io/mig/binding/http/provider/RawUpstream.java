package io.mig.binding.http.provider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * An HTTP upstream on a raw server socket, answering each request with bytes a test scripts, so a
 * test sees exactly what the gateway wrote (heads, connections) and can answer what no HTTP server
 * library would: split, chunked with extensions, broken, or not at all.
 */
final class RawUpstream implements AutoCloseable {
    /** What to do with the n-th request (0-based, over all connections). */
    record Reply(byte[] bytes, boolean closeAfter, boolean hold) {
        static Reply of(String raw) {
            return new Reply(raw.getBytes(StandardCharsets.ISO_8859_1), false, false);
        }

        static Reply closing(String raw) {
            return new Reply(raw.getBytes(StandardCharsets.ISO_8859_1), true, false);
        }

        /** No answer: hold the request until the gateway closes the connection. */
        static Reply held() {
            return new Reply(new byte[0], false, true);
        }

        static Reply json(String body) {
            return of("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
        }
    }

    private final ServerSocket server;
    private final IntFunction<Reply> script;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final Semaphore closedByGateway = new Semaphore(0);
    private final Semaphore arrived = new Semaphore(0);
    private final ConcurrentLinkedQueue<String> heads = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Socket> sockets = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    RawUpstream(IntFunction<Reply> script) throws IOException {
        this.script = script;
        server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "raw-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/call?x=1";
    }

    int connections() {
        return connections.get();
    }

    List<String> heads() {
        return List.copyOf(heads);
    }

    boolean awaitRequests(int n) throws InterruptedException {
        return arrived.tryAcquire(n, 10, TimeUnit.SECONDS);
    }

    boolean awaitClosedByGateway(int n) throws InterruptedException {
        return closedByGateway.tryAcquire(n, 10, TimeUnit.SECONDS);
    }

    /** Closes every connection now, as an upstream closing its idle keep-alive connections. */
    void closeConnections() throws IOException {
        for (Socket socket; (socket = sockets.poll()) != null; ) {
            socket.close();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                sockets.add(socket);
                Thread handler = new Thread(() -> serve(socket), "raw-upstream-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    if (!closed && !socket.isClosed()) {
                        closedByGateway.release();
                    }
                    return;
                }
                in.readNBytes(contentLength(head));
                heads.add(head);
                Reply reply = script.apply(requests.getAndIncrement());
                arrived.release();
                if (reply.hold()) {
                    if (in.read() == -1) {
                        closedByGateway.release();
                    }
                    return;
                }
                out.write(reply.bytes());
                out.flush();
                if (reply.closeAfter()) {
                    return;
                }
            }
        } catch (IOException e) {
            if (!closed && !socket.isClosed()) {
                closedByGateway.release(); // a reset is a close too
            }
        }
    }

    /** The head up to its blank line, or null when the connection ended first. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            last4 = (last4 << 8) | b;
            if (last4 == 0x0d0a0d0a) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        closeConnections();
    }
}
