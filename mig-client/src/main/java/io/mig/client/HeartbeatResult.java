package io.mig.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * The answer to HEARTBEAT (SPEC §4.10).
 *
 * @param loadFactor in-flight invocations / the gateway's capacity; at 1 and above it refuses new ones
 */
public record HeartbeatResult(MigHeader header, Duration suggestedInterval, double loadFactor) {

    static HeartbeatResult from(JsonNode body) {
        return new HeartbeatResult(MigHeader.from(body.get("header")),
                Duration.ofMillis(body.path("suggested_interval_ms").asLong()), body.path("load_factor").asDouble());
    }
}
