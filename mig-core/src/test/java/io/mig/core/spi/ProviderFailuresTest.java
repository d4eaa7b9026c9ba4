package io.mig.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.error.ErrorCode;
import io.mig.core.error.ErrorReason;
import io.mig.core.error.MigException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class ProviderFailuresTest {
    /** What a transport library puts in its messages: the provider's address, path and connection state. */
    private static final String INTERNALS = "HttpConnectionOverHTTP@5e1d3a2c::SocketChannelEndPoint@1a2b{l=/127.0.0.1:40123,r=/10.0.0.7:8443,OPEN}"
            + " POST http://10.0.0.7:8443/private/model";

    @Test
    void eachKindOfFailureHasItsOwnReason() {
        assertThat(ProviderFailures.reason(new ConnectException(INTERNALS))).isEqualTo(ProviderFailures.Reason.CONNECTION_REFUSED);
        assertThat(ProviderFailures.reason(new UnresolvedAddressException())).isEqualTo(ProviderFailures.Reason.UNRESOLVED_HOST);
        assertThat(ProviderFailures.reason(new SocketTimeoutException(INTERNALS))).isEqualTo(ProviderFailures.Reason.TIMEOUT);
        assertThat(ProviderFailures.reason(new SSLHandshakeException(INTERNALS))).isEqualTo(ProviderFailures.Reason.TLS);
        assertThat(ProviderFailures.reason(new EOFException(INTERNALS))).isEqualTo(ProviderFailures.Reason.CONNECTION_CLOSED);
        assertThat(ProviderFailures.reason(new IOException(INTERNALS))).isEqualTo(ProviderFailures.Reason.IO_ERROR);
        assertThat(ProviderFailures.reason(new IllegalStateException(INTERNALS))).isEqualTo(ProviderFailures.Reason.UNEXPECTED);
        assertThat(ProviderFailures.reason(new CompletionException(new ExecutionException(new EOFException()))))
                .as("the wrappers of futures are looked through").isEqualTo(ProviderFailures.Reason.CONNECTION_CLOSED);
    }

    @Test
    void theCallerIsToldWhatFailedButNothingOfTheTransportsMessage() {
        MigException unreachable = ProviderFailures.unreachable("the provider", new CompletionException(new EOFException(INTERNALS)));
        assertThat(unreachable.code()).isEqualTo(ErrorCode.MIG_UNAVAILABLE);
        assertThat(unreachable.getMessage()).isEqualTo("the provider is unreachable: the connection closed before the answer was complete");
        assertThat(unreachable.details().path("reason").asText()).isEqualTo("connection_closed");

        MigException failed = ProviderFailures.failed("the NATS provider", new IllegalStateException(INTERNALS));
        assertThat(failed.code()).isEqualTo(ErrorCode.MIG_INTERNAL);
        assertThat(failed.reason()).isEqualTo(ErrorReason.PROVIDER_FAILED);
        assertThat(failed.getMessage()).isEqualTo("the call to the NATS provider failed: an unexpected error occurred");
        for (MigException e : new MigException[] {unreachable, failed}) {
            assertThat(e.getMessage() + e.details()).doesNotContain("127.0.0.1").doesNotContain("10.0.0.7")
                    .doesNotContain("/private/model").doesNotContain("@");
        }
    }
}
