package io.mig.binding.nats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mig.core.testing.FuzzInputs;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** INVOKE requests through a real nats-server to a {@link NatsBinding}: how the body and the NATS headers combine. */
class NatsRequestsTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final String INVOKE = Subjects.PREFIX + "acme.invoke." + FuzzInputs.ECHO;

    private static EchoBindingOnNats nats;
    private static Connection client;

    @BeforeAll
    static void start() throws Exception {
        nats = EchoBindingOnNats.start(64 * 1024);
        client = nats.client();
    }

    @AfterAll
    static void stop() {
        if (nats != null) {
            nats.close();
        }
    }

    private static Message request(String body, String... headerPairs) throws InterruptedException {
        Headers headers = new Headers();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.put(headerPairs[i], headerPairs[i + 1]);
        }
        Message reply = client.request(NatsMessage.builder().subject(INVOKE).headers(headers)
                .data(body.getBytes(StandardCharsets.UTF_8)).build(), Duration.ofSeconds(10));
        assertThat(reply).as("a reply to %s", body).isNotNull();
        return reply;
    }

    private static JsonNode json(Message reply) throws Exception {
        return PLAIN.readTree(reply.getData());
    }

    @Test
    void aHeaderValueThatNatsCannotCarryTravelsInTheBodyOnly() throws Exception {
        Message reply = request("{\"header\":{\"idempotency_key\":\"clé-1\"},\"payload\":{\"n\":1}}");
        JsonNode envelope = json(reply);
        assertThat(envelope.path("payload").path("n").asInt()).isEqualTo(1);
        assertThat(envelope.path("header").path("idempotency_key").asText()).isEqualTo("clé-1");
        assertThat(reply.getHeaders().getFirst(NatsHeaders.IDEMPOTENCY_KEY)).isNull();
        assertThat(reply.getHeaders().getFirst(NatsHeaders.MESSAGE_ID)).isEqualTo(envelope.path("header").path("message_id").asText());
    }
}
