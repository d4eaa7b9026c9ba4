package io.mig.migd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Sends bytes no well-behaved HTTP client would send, and reads what comes back. */
final class RawHttp {
    private RawHttp() {
    }

    /** How long the first byte of an answer may take (a cold server on a loaded machine is slow). */
    private static final int FIRST_BYTE_MS = 15_000;
    /** After the first bytes, this much quiet on a kept-alive connection ends the answer. */
    private static final int QUIET_MS = 1_000;

    /**
     * Writes the request and reads the answer until the server closes, or is quiet for a second
     * once something has arrived; an answer that never starts ends it after {@value #FIRST_BYTE_MS} ms.
     */
    static String exchange(int port, String request) throws IOException {
        return exchange(port, 0, false, request);
    }

    /**
     * The same, for a request written in {@code pieces} with {@code pauseMs} between them (each its
     * own TCP segment), its sending side then shut down if {@code shutOutput} (a body cut short).
     */
    static String exchange(int port, long pauseMs, boolean shutOutput, String... pieces) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(FIRST_BYTE_MS);
            socket.setTcpNoDelay(true);
            for (int i = 0; i < pieces.length; i++) {
                if (i > 0) {
                    pause(pauseMs);
                }
                socket.getOutputStream().write(pieces[i].getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
            }
            if (shutOutput) {
                socket.shutdownOutput();
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                int n;
                while ((n = in.read(buffer)) != -1) {
                    out.write(buffer, 0, n);
                    socket.setSoTimeout(QUIET_MS);
                }
            } catch (SocketTimeoutException quiet) {
                // a kept-alive connection: what arrived is the answer
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** Reads one answer with a Content-Length body (head and body, as text) from a kept-alive connection. */
    static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("the connection closed: " + head);
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static void pause(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted between pieces");
        }
    }
}
