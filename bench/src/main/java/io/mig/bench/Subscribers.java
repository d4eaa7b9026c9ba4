package io.mig.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Many event subscribers on one selector thread, each its own TCP connection, counting the events
 * each receives by a marker that starts every event on the wire. The same code serves SSE (a GET
 * of {@code /mig/v0.1/subscribe/…}, marker {@code "\ndata:"}) and raw NATS (CONNECT + SUB, marker
 * {@code "MSG "}, PINGs answered), so the client costs the same on both sides of P5a and its cost
 * per delivered event is as small as a client's can be (no parsing, no allocation per event).
 */
final class Subscribers implements AutoCloseable {
    /** What one kind of subscriber sends first and recognises on the wire. */
    record Protocol(byte[] hello, byte[] readyMarker, byte[] eventMarker, byte[] pingMarker, byte[] pong) {
        static Protocol sse(String host, int port, String tenant, String topic) {
            String get = "GET /mig/v0.1/subscribe/" + topic + "?tenant_id=" + tenant + " HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nAccept: text/event-stream\r\n\r\n";
            return new Protocol(bytes(get), bytes("HTTP/1.1 200"), bytes("\ndata:"), null, null);
        }

        static Protocol nats(String subject) {
            String hello = "CONNECT {\"verbose\":false,\"pedantic\":false,\"name\":\"bench-fanout\"}\r\nSUB " + subject + " 1\r\nPING\r\n";
            return new Protocol(bytes(hello), bytes("PONG"), bytes("MSG "), bytes("PING\r\n"), bytes("PONG\r\n"));
        }

        private static byte[] bytes(String text) {
            return text.getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final Protocol protocol;
    private final InetSocketAddress address;
    private final Selector selector;
    private final AtomicLongArray events;
    private final java.util.concurrent.atomic.AtomicIntegerArray gone;
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final ConcurrentLinkedQueue<Integer> toOpen = new ConcurrentLinkedQueue<>();
    private final Thread loop;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
    private final byte[] bytes = new byte[256 * 1024];
    private volatile boolean running = true;

    /** One connection's matching state across reads. */
    private static final class State {
        final int index;
        int readyMatched;
        int eventMatched;
        int pingMatched;
        boolean isReady;
        ByteBuffer pending;

        State(int index) {
            this.index = index;
        }
    }

    Subscribers(Protocol protocol, InetSocketAddress address, int count) {
        this.protocol = protocol;
        this.address = address;
        this.events = new AtomicLongArray(count);
        this.gone = new java.util.concurrent.atomic.AtomicIntegerArray(count);
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.loop = new Thread(this::select, "subscribers");
        loop.setDaemon(true);
        loop.start();
    }

    /** Opens subscribers {@code from} (inclusive) to {@code to} (exclusive); connection happens on the selector thread. */
    void open(int from, int to) {
        for (int i = from; i < to; i++) {
            toOpen.add(i);
        }
        selector.wakeup();
    }

    /** Opens all subscribers, {@code batch} at a time, and waits until each is ready or the timeout passes. */
    void openAll(int batch, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        for (int from = 0; from < events.length(); from += batch) {
            int to = Math.min(events.length(), from + batch);
            open(from, to);
            while (ready.get() + closed.get() < to && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
        }
    }

    int ready() {
        return ready.get();
    }

    int closed() {
        return closed.get();
    }

    long total() {
        long sum = 0;
        for (int i = 0; i < events.length(); i++) {
            sum += events.get(i);
        }
        return sum;
    }

    /** The fewest events any open subscriber has received (the publisher keeps its lead over it bounded). */
    long slowest() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < events.length(); i++) {
            if (gone.get(i) == 0) {
                min = Math.min(min, events.get(i));
            }
        }
        return min == Long.MAX_VALUE ? 0 : min;
    }

    private void select() {
        try {
            while (running) {
                Integer next;
                while ((next = toOpen.poll()) != null) {
                    SocketChannel channel = SocketChannel.open();
                    channel.configureBlocking(false);
                    channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                    State state = new State(next);
                    state.pending = ByteBuffer.wrap(protocol.hello());
                    if (channel.connect(address)) {
                        channel.register(selector, SelectionKey.OP_WRITE | SelectionKey.OP_READ, state);
                    } else {
                        channel.register(selector, SelectionKey.OP_CONNECT, state);
                    }
                }
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            if (running) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void handle(SelectionKey key) {
        SocketChannel channel = (SocketChannel) key.channel();
        State state = (State) key.attachment();
        try {
            if (key.isConnectable() && channel.finishConnect()) {
                key.interestOps(SelectionKey.OP_WRITE | SelectionKey.OP_READ);
            }
            if (key.isValid() && key.isWritable()) {
                channel.write(state.pending);
                if (!state.pending.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
            }
            if (key.isValid() && key.isReadable()) {
                read(key, channel, state);
            }
        } catch (IOException e) {
            close(key, channel);
        }
    }

    private void read(SelectionKey key, SocketChannel channel, State state) throws IOException {
        buffer.clear();
        int n = channel.read(buffer);
        if (n < 0) {
            close(key, channel);
            return;
        }
        buffer.flip();
        buffer.get(bytes, 0, n);
        byte[] readyMarker = protocol.readyMarker();
        byte[] event = protocol.eventMarker();
        byte[] ping = protocol.pingMarker();
        long counted = 0;
        for (int i = 0; i < n; i++) {
            byte b = bytes[i];
            if (!state.isReady) {
                state.readyMatched = b == readyMarker[state.readyMatched] ? state.readyMatched + 1 : (b == readyMarker[0] ? 1 : 0);
                if (state.readyMatched == readyMarker.length) {
                    state.isReady = true;
                    ready.incrementAndGet();
                }
            }
            state.eventMatched = b == event[state.eventMatched] ? state.eventMatched + 1 : (b == event[0] ? 1 : 0);
            if (state.eventMatched == event.length) {
                state.eventMatched = 0;
                counted++;
            }
            if (ping != null) {
                state.pingMatched = b == ping[state.pingMatched] ? state.pingMatched + 1 : (b == ping[0] ? 1 : 0);
                if (state.pingMatched == ping.length) {
                    state.pingMatched = 0;
                    channel.write(ByteBuffer.wrap(protocol.pong()));
                }
            }
        }
        if (counted > 0) {
            events.addAndGet(state.index, counted);
        }
    }

    private void close(SelectionKey key, SocketChannel channel) {
        key.cancel();
        try {
            channel.close();
        } catch (IOException ignored) {
            // already gone
        }
        closed.incrementAndGet();
        gone.set(((State) key.attachment()).index, 1); // no longer holds the publisher back
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            loop.join(2000);
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
        } catch (IOException | InterruptedException ignored) {
            // shutting down
        }
    }
}
