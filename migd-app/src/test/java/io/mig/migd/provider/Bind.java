package io.mig.migd.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.InvocationMode;
import io.mig.core.port.out.CapabilityRegistration;
import io.mig.migd.TestGateway;
import java.io.IOException;
import java.util.List;

/** Registers test capabilities routed to a provider block, through the gateway's registry API. */
final class Bind {
    private Bind() {
    }

    static CapabilityDescriptor descriptor(String id) {
        return new CapabilityDescriptor(id, "1.0.0", List.of(InvocationMode.UNARY, InvocationMode.SERVER_STREAM),
                "schema://test/" + id + "/in", "schema://test/" + id + "/out", List.of(), List.of(), null,
                "test capability " + id);
    }

    static ObjectNode block(String json) {
        try {
            return (ObjectNode) MigJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    /** {@code {"type":"http","url":url}} plus the extra fields given as JSON members. */
    static ObjectNode http(String url, String extraMembers) {
        return block("{\"type\":\"http\",\"url\":\"" + url + "\"" + (extraMembers.isEmpty() ? "" : "," + extraMembers) + "}");
    }

    static void http(TestGateway server, String capability, String url, String extraMembers) {
        server.migd().gateway().register(new CapabilityRegistration(descriptor(capability), http(url, extraMembers)));
    }

    static String invokeBody(String payloadJson) {
        return "{\"header\":{\"tenant_id\":\"acme\"},\"payload\":" + payloadJson + "}";
    }
}
