package io.mig.binding.http;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * A request whose body was read already, handed on with those bytes as its content, so that the
 * next handler reads it as if it came from the connection (see {@link UnaryRouteHandler}).
 */
final class ReplayedBody extends Request.Wrapper {
    private Content.Chunk next;

    ReplayedBody(Request request, byte[] body) {
        super(request);
        this.next = Content.Chunk.from(java.nio.ByteBuffer.wrap(body == null ? new byte[0] : body), true);
    }

    @Override
    public synchronized Content.Chunk read() {
        Content.Chunk chunk = next;
        next = Content.Chunk.EOF;
        return chunk;
    }

    @Override
    public void demand(Runnable demandCallback) {
        demandCallback.run(); // the whole body is here
    }

    @Override
    public void fail(Throwable failure) {
        synchronized (this) {
            next = Content.Chunk.from(failure);
        }
    }
}
