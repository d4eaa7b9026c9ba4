package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.json.MigJson;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.InvocationContext;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which thread an HTTP INVOKE runs on (UnaryRouteHandler): the selector thread that parsed it when
 * the gateway and the provider both say nothing blocks — no hand-off to a worker (issue #12, P1) —
 * and a worker of the server's pool otherwise; and a body read on the selector thread is read
 * whole however its bytes arrive.
 */
class InvokeThreadsTest {
    private static final String NON_BLOCKING = "acme.threads.nonblocking";
    private static final String BLOCKING = "acme.threads.blocking";
    private static final String LATER = "acme.threads.later";
    private static final String COMPLETER = "acme-threads-completer";

    @RegisterExtension
    static final MigdExtension server = MigdExtension.inProcess().quiet()
            .provider(descriptor(NON_BLOCKING), new ModeProbe(true))
            .provider(descriptor(BLOCKING), new ModeProbe(false))
            .provider(descriptor(LATER), new AnswersLater(COMPLETER, 100))
            .build();

    @Test
    void aProviderThatAnswersWithoutBlockingRunsOnTheSelectorThread() throws IOException {
        assertThat(modeOfOne(NON_BLOCKING)).as("run by the thread that selected and parsed it").isEqualTo("pcRunTask");
    }

    @Test
    void aProviderThatMayBlockRunsOnAWorker() throws IOException {
        assertThat(modeOfOne(BLOCKING)).as("run by a worker of the server's pool").isEqualTo("worker");
    }

    @Test
    void theThreadThatCompletesAnAnswerGoesOnWithItsConnection() throws IOException {
        // two pipelined requests: the first answered later on the provider's own thread, which then
        // reads and serves the second (already buffered) instead of handing the connection to a worker
        String body = "{\"header\":{\"tenant_id\":\"acme\"},\"payload\":{}}";
        String first = head(LATER, body.length()).replace("Connection: close\r\n", "") + body;
        String answers = RawHttp.exchange(server.server().port(), first + head(NON_BLOCKING, body.length()) + body);
        assertThat(answers.split("HTTP/1.1 200 ", -1)).as(answers).hasSize(3);
        assertThat(answers).contains("\"later\":true").contains("\"thread\":\"" + COMPLETER + "\"");
    }

    @Test
    void aBodyArrivingInPiecesIsReadWholeOnTheSelectorThread() throws IOException {
        String body = "{\"header\":{\"tenant_id\":\"acme\"},\"payload\":{\"input\":\"in three pieces\"}}";
        String answer = RawHttp.exchange(server.server().port(), 150, false,
                head(NON_BLOCKING, body.length()), body.substring(0, 20), body.substring(20));
        assertThat(answer).startsWith("HTTP/1.1 200 ").contains("\"input\":\"in three pieces\"");
        assertThat(mode(answer)).as("the last piece's demand callback ran on the selector").isEqualTo("pcRunTask");
    }

    @Test
    void aBodyCutShortIsRefusedAsUnreadable() throws IOException {
        String body = "{\"payload\":{\"input\":\"cut\"}}";
        String answer = RawHttp.exchange(server.server().port(), 100, true,
                head("observatory.models.infer", body.length() + 10), body);
        assertThat(answer).startsWith("HTTP/1.1 400 ").contains("MIG_INVALID_REQUEST")
                .contains("request body could not be read");
    }

    private static String head(String capability, int length) {
        return "POST /mig/v0.1/invoke/" + capability + " HTTP/1.1\r\nHost: localhost\r\nX-Tenant-ID: acme\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + length + "\r\nConnection: close\r\n\r\n";
    }

    /** How Jetty ran the handling of one INVOKE of {@code capability} (see {@link ModeProbe}). */
    private static String modeOfOne(String capability) throws IOException {
        // a plain HTTP/1.1 request (the JDK client would offer an h2c upgrade, which Javalin serves)
        String body = "{\"header\":{\"tenant_id\":\"acme\"},\"payload\":{}}";
        String answer = RawHttp.exchange(server.server().port(), head(capability, body.length()) + body);
        assertThat(answer).startsWith("HTTP/1.1 200 ");
        return mode(answer);
    }

    /** The mode a {@link ModeProbe} answered with. */
    private static String mode(String answer) {
        Matcher mode = Pattern.compile("\"mode\":\"([a-zA-Z]+)\"").matcher(answer);
        assertThat(mode.find()).as(answer).isTrue();
        return mode.group(1);
    }

    private static CapabilityDescriptor descriptor(String name) {
        return CapabilityDescriptor.builder(name).schemas("schema://acme/threads/in", "schema://acme/threads/out").build();
    }

    /**
     * Answers how Jetty's execution strategy ran the request whose handling called it:
     * {@code pcRunTask} (produce-consume: the selecting thread ran it itself, nothing handed off),
     * {@code epcRunTask} (execute-produce-consume: the selecting thread ran it after handing
     * selection to another thread — what a blocking server does per request), or {@code worker}
     * (a job of the server's pool, off the selector entirely), with the payload it was given.
     * Declares non-blocking as told.
     */
    private record ModeProbe(boolean withoutBlocking) implements CapabilityProvider {
        @Override
        public CompletableFuture<ObjectNode> invoke(InvocationContext context) {
            String mode = StackWalker.getInstance().walk(frames -> frames
                    .filter(frame -> frame.getClassName().endsWith(".AdaptiveExecutionStrategy")
                            && frame.getMethodName().endsWith("RunTask"))
                    .map(StackWalker.StackFrame::getMethodName).findFirst().orElse("worker"));
            ObjectNode answer = MigJson.object().put("mode", mode).put("thread", Thread.currentThread().getName());
            answer.set("payload", context.request().payload());
            return CompletableFuture.completedFuture(answer);
        }

        @Override
        public boolean answersWithoutBlocking() {
            return withoutBlocking;
        }
    }
}
