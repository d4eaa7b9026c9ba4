package io.mig.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.testing.Await;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CANCEL of an invocation in flight and a deadline that passes (SPEC §4.4, §4.7), on a capability that takes its time. */
class InFlightTest {
    private static EmbeddedGateway gateway;
    private static MigClient client;

    @BeforeAll
    static void start() {
        gateway = new EmbeddedGateway();
        client = MigClient.builder().baseUrl(gateway.baseUrl()).tenant("acme").build();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void cancellingAnInvocationInFlightEndsItWithACancelledTimeout() {
        CompletableFuture<InvokeResult> slow = client.invokeAsync(EmbeddedGateway.SLOW, Map.of("work_ms", 20_000),
                CallOptions.defaults().messageId("msg-slow-cancel"));
        Await.until(Duration.ofSeconds(10), () -> gateway.gateway().inFlight() == 1, () -> "the invocation in flight");

        CancelResult cancel = client.cancel("msg-slow-cancel", "no longer needed");
        assertThat(cancel.status()).isEqualTo("cancelled");

        Throwable failure = unwrap(slow);
        assertThat(failure).isInstanceOf(MigTimeoutException.class);
        MigTimeoutException timeout = (MigTimeoutException) failure;
        assertThat(timeout.cancelled()).isTrue();
        assertThat(timeout.retryable()).isFalse();
        assertThat(timeout.details().path("reason").asText()).isEqualTo("no longer needed");
    }

    @Test
    void aDeadlineThatPassesIsARetryableTimeout() {
        Throwable failure = unwrap(client.invokeAsync(EmbeddedGateway.SLOW, Map.of("work_ms", 20_000),
                CallOptions.defaults().deadline(Duration.ofMillis(300))));
        assertThat(failure).isInstanceOf(MigTimeoutException.class);
        MigTimeoutException timeout = (MigTimeoutException) failure;
        assertThat(timeout.httpStatus()).isEqualTo(504);
        assertThat(timeout.retryable()).isTrue();
        assertThat(timeout.cancelled()).isFalse();
    }

    @Test
    void aCallWithinItsDeadlineAnswers() {
        InvokeResult done = client.invoke(EmbeddedGateway.SLOW, Map.of("work_ms", 50),
                CallOptions.defaults().deadline(Duration.ofSeconds(20)));
        assertThat(done.payload().path("done").asBoolean()).isTrue();
    }

    private static Throwable unwrap(CompletableFuture<?> call) {
        try {
            call.join();
            throw new AssertionError("the call succeeded");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }
}
