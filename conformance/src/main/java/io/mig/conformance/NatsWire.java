package io.mig.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The smoke test's side of the NATS binding: requests on {@code mig.v0_1.<tenant>.…}, JSON replies. */
final class NatsWire implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Connection connection;
    private final String tenant;
    private final String token;

    NatsWire(String url, String tenant, String token) throws Exception {
        this.connection = Nats.connect(new Options.Builder().server(url).connectionName("mig-nats-smoke")
                .connectionTimeout(Duration.ofSeconds(5)).maxReconnects(0).reportNoResponders()
                .errorListener(new io.nats.client.ErrorListener() { }) // failures are reported as check results
                .build());
        this.tenant = tenant;
        this.token = token;
    }

    String tenant() {
        return tenant;
    }

    Connection connection() {
        return connection;
    }

    String subject(String operation) {
        return "mig.v0_1." + tenant + "." + operation;
    }

    /** One request; the answer is the reply's JSON and headers. */
    Answer request(String operation, String body) throws Exception {
        Headers headers = new Headers();
        if (token != null && !token.isEmpty()) {
            headers.put("Authorization", "Bearer " + token);
        }
        Message reply = connection.requestWithTimeout(subject(operation), headers, body.getBytes(StandardCharsets.UTF_8),
                TIMEOUT).get();
        return new Answer(JSON.readTree(reply.getData()), reply.getHeaders());
    }

    @Override
    public void close() throws InterruptedException {
        connection.close();
    }

    record Answer(JsonNode body, Headers headers) {
        String errorCode() {
            JsonNode code = body.path("error").path("code");
            return code.isTextual() ? code.asText() : null;
        }

        String header(String name) {
            return headers == null ? null : headers.getFirst(name);
        }
    }
}
