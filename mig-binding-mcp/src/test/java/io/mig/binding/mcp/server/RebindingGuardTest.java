package io.mig.binding.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RebindingGuardTest {
    @Test
    void originsMustBeLoopbackOrConfigured() {
        RebindingGuard guard = new RebindingGuard(List.of("https://app.example.com/"), List.of(), false);
        assertThat(guard.refusal(null, "anything")).isNull();
        assertThat(guard.refusal("http://localhost:6274", "x")).isNull();
        assertThat(guard.refusal("http://127.0.0.1:3000", "x")).isNull();
        assertThat(guard.refusal("http://[::1]:3000", "x")).isNull();
        assertThat(guard.refusal("https://APP.example.com", "x")).isNull();
        assertThat(guard.refusal("http://evil.example.com", "x")).contains("Origin");
        assertThat(guard.refusal("null", "x")).contains("Origin");
        assertThat(guard.refusal("http://localhost.evil.com", "x")).contains("Origin");
        assertThat(new RebindingGuard(List.of("*"), List.of(), false).refusal("http://evil.example.com", "x")).isNull();
    }

    @Test
    void hostsAreCheckedOnlyWhereAskedFor() {
        RebindingGuard loopback = new RebindingGuard(List.of(), List.of("mcp.internal"), true);
        assertThat(loopback.refusal(null, "127.0.0.1:8080")).isNull();
        assertThat(loopback.refusal(null, "localhost")).isNull();
        assertThat(loopback.refusal(null, "[::1]:8080")).isNull();
        assertThat(loopback.refusal(null, "mcp.internal:8080")).isNull();
        assertThat(loopback.refusal(null, "evil.example.com:8080")).contains("Host");
        assertThat(loopback.refusal(null, null)).contains("Host");
        assertThat(new RebindingGuard(List.of(), List.of(), false).refusal(null, "evil.example.com")).isNull();
    }
}
