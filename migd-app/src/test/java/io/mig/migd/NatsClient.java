package io.mig.migd;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.json.MigJson;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain jnats client for tests: JSON requests on MIG subjects, replies read back as JSON. */
public final class NatsClient implements AutoCloseable {
    private final Connection connection;

    private NatsClient(Connection connection) {
        this.connection = connection;
    }

    public static NatsClient connect(String url) {
        try {
            return new NatsClient(Nats.connect(new Options.Builder().server(url).reportNoResponders()
                    .connectionTimeout(Duration.ofSeconds(5)).build()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot connect to " + url, e);
        }
    }

    public Connection connection() {
        return connection;
    }

    /** Sends {@code json} to {@code subject} with the header pairs and waits (5 s) for the reply. */
    public Reply request(String subject, String json, String... headerPairs) {
        Headers headers = new Headers();
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            headers.put(headerPairs[i], headerPairs[i + 1]);
        }
        try {
            Message reply = connection.requestWithTimeout(subject, headers, json.getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(5)).get();
            return new Reply(reply);
        } catch (Exception e) {
            throw new AssertionError("no reply on " + subject + ": " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public record Reply(Message message) {
        public JsonNode json() {
            return MigJson.mapper().valueToTree(MigJson.readObject(message.getData()));
        }

        public String errorCode() {
            return json().path("error").path("code").asText(null);
        }

        public String header(String name) {
            return message.hasHeaders() ? message.getHeaders().getFirst(name) : null;
        }
    }
}
