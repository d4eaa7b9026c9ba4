package io.mig.client;

import com.fasterxml.jackson.databind.JsonNode;

/** The answer to a unary INVOKE (SPEC §4.2): the provider's payload, with what the gateway adds. */
public record InvokeResult(MigHeader header, String capability, JsonNode payload, String resultSchemaUri) {

    static InvokeResult from(JsonNode body) {
        return new InvokeResult(MigHeader.from(body.get("header")), Json.text(body, "capability"),
                body.path("payload").isObject() ? body.get("payload") : Json.object(), Json.text(body, "result_schema_uri"));
    }

    /** The payload bound to {@code type} with Jackson (a record, a {@code Map}, …). */
    public <T> T payloadAs(Class<T> type) {
        return Json.convert(payload, type);
    }
}
