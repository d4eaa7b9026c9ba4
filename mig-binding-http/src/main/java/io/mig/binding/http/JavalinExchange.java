package io.mig.binding.http;

import io.javalin.http.Context;
import io.mig.core.error.MigException;
import io.mig.core.model.MessageHeader;

/** A route's exchange as Javalin's {@link Context} holds it. */
record JavalinExchange(Context ctx) implements RouteExchange {
    @Override
    public String header(String name) {
        return ctx.header(name);
    }

    @Override
    public String remote() {
        return Transport.remote(ctx);
    }

    @Override
    public byte[] body(long limit) {
        return Bodies.read(ctx, limit);
    }

    @Override
    public MessageHeader knownHeader() {
        return ctx.attribute(HttpErrors.HEADER_ATTRIBUTE);
    }

    @Override
    public void knownHeader(MessageHeader header) {
        ctx.attribute(HttpErrors.HEADER_ATTRIBUTE, header);
    }

    @Override
    public void answered(MigException error) {
        ctx.attribute(HttpErrors.ERROR_ATTRIBUTE, error);
    }

    @Override
    public void responseHeader(String name, String value) {
        ctx.header(name, value);
    }

    @Override
    public void send(int status, String contentType, byte[] body) {
        Exchange.send(ctx, status, contentType, body);
    }

    @Override
    public boolean sendsWithoutBlocking() {
        return false; // the servlet's output stream blocks while the client does not read
    }
}
