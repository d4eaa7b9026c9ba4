package io.mig.migd.provider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider on a raw socket that holds every request without answering, so a test can watch
 * what the gateway does with its connection: it counts requests that arrived, connections the
 * gateway closed while waiting (an aborted exchange), and answers held requests on
 * {@link #release}.
 */
public final class HoldingUpstream implements AutoCloseable {
    private final ServerSocket server;
    private final Semaphore arrived = new Semaphore(0);
    private final Semaphore closedByGateway = new Semaphore(0);
    private final AtomicInteger releases = new AtomicInteger();
    private final ConcurrentLinkedQueue<Socket> sockets = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> requestHeads = new ConcurrentLinkedQueue<>();
    private final Thread acceptor;
    private volatile boolean closed;

    public HoldingUpstream() throws IOException {
        server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "holding-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/slow";
    }

    /** Waits until {@code n} more requests have arrived. */
    public boolean awaitRequests(int n, long millis) throws InterruptedException {
        return arrived.tryAcquire(n, millis, TimeUnit.MILLISECONDS);
    }

    /** Waits until the gateway has closed {@code n} more held connections. */
    public boolean awaitClosed(int n, long millis) throws InterruptedException {
        return closedByGateway.tryAcquire(n, millis, TimeUnit.MILLISECONDS);
    }

    /** Answers every request held now and later with {@code {"payload":{"released":true}}}. */
    public void releaseAll() {
        releases.set(Integer.MAX_VALUE);
    }

    /** The head (request line and headers) of every request received. */
    public java.util.List<String> requestHeads() {
        return java.util.List.copyOf(requestHeads);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Thread handler = new Thread(() -> hold(socket), "holding-upstream-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void hold(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            long length = contentLength(head);
            in.readNBytes((int) length);
            requestHeads.add(head);
            arrived.release();
            socket.setSoTimeout(10);
            while (!closed) {
                if (releases.get() > 0) {
                    answer(socket.getOutputStream());
                    return;
                }
                try {
                    if (in.read() == -1) {
                        closedByGateway.release();
                        return;
                    }
                } catch (SocketTimeoutException stillOpen) {
                    // the gateway is still waiting: keep holding
                }
            }
        } catch (IOException e) {
            if (!closed) {
                closedByGateway.release(); // a reset is a close too
            }
        }
    }

    private static void answer(OutputStream out) throws IOException {
        byte[] body = "{\"payload\":{\"released\":true}}".getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** Reads one request head, up to its blank line; throws when the connection ends first. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) { // "\r\n\r\n" ends the head
            int b = in.read();
            if (b == -1) {
                throw new IOException("connection closed before the request head ended");
            }
            head.write(b);
            last4 = (last4 << 8) | b;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** The head's {@code Content-Length}, or 0. */
    static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Long.parseLong(line.substring(15).trim());
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
