package io.mig.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the HTTP and NATS limit servers do per request: parse the INVOKE envelope with Jackson and
 * write the answer migd's demo capability gives ({@code {"result": input, "model": "demo-echo"}})
 * in a response envelope of the same shape and size (header with version, message id, time,
 * tenant, traceparent, deadline; the result schema). No
 * checks, no schema, no pipeline: the least a JSON service on this stack must do.
 */
final class LimitAnswer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong IDS = new AtomicLong();

    private LimitAnswer() {
    }

    private static String traceparent() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        return String.format("00-%016x%016x-%016x-01", random.nextLong(), random.nextLong(), random.nextLong());
    }

    static byte[] answer(byte[] request, String capability) throws IOException {
        JsonNode envelope = JSON.readTree(request);
        ObjectNode response = JSON.createObjectNode();
        ObjectNode header = response.putObject("header");
        header.put("mig_version", "0.1");
        header.put("message_id", "limit-" + IDS.incrementAndGet());
        header.put("timestamp", Instant.now().toString());
        header.put("tenant_id", envelope.path("header").path("tenant_id").asText("acme"));
        header.put("traceparent", traceparent());
        header.put("deadline_ms", 30000);
        response.put("capability", capability);
        ObjectNode payload = response.putObject("payload");
        payload.put("result", envelope.path("payload").path("input").asText());
        payload.put("model", "demo-echo");
        response.put("result_schema_uri", "schema://observatory/models/infer/output/v1");
        return JSON.writeValueAsBytes(response);
    }
}
