package io.mig.binding.http;

import io.mig.core.error.MigException;
import io.mig.core.model.MessageHeader;

/**
 * What the binding's shared helpers ({@link Exchange}, {@link HttpErrors}, {@link AccessLog},
 * {@link Transport}) need of one HTTP exchange, so that a route served by Javalin and one served by
 * the Jetty core handler in front of it ({@link UnaryRouteHandler}) answer alike through the same
 * code.
 */
interface RouteExchange {
    /** The first value of a request header; null when absent. */
    String header(String name);

    /** The client's address as {@code ip:port}. */
    String remote();

    /** The request body, within {@code limit} bytes (SPEC §11; see {@link Bodies}). */
    byte[] body(long limit);

    /** The MIG header known of the request so far (for error answers and the access log); null when none. */
    MessageHeader knownHeader();

    void knownHeader(MessageHeader header);

    /** Remembers the MIG error answered, counted when the request completes. */
    void answered(MigException error);

    /** Sets a response header. */
    void responseHeader(String name, String value);

    /** Writes a complete small answer with its length. */
    void send(int status, String contentType, byte[] body);

    /**
     * Whether {@link #send} never blocks, from any thread: then the core may let a provider complete
     * a unary INVOKE on its own I/O thread ({@code AnswerForm.writingWithoutBlocking}).
     */
    boolean sendsWithoutBlocking();
}
