package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.model.CapabilityDescriptor;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The plain listener's connections answer a whole, plain INVOKE themselves and hand everything else,
 * with the connection, to Jetty (issue #12, P1): on the wire the answers are the same either way, a
 * connection goes on serving after the hand-over, and a request pipelined while a call runs is kept
 * and answered (Jetty's connection, reading for a hang-up, had to drop it and close).
 */
class LeanConnectionTest {
    private static final String DEMO = "observatory.models.infer";
    private static final String LATER = "acme.lean.later";

    @RegisterExtension
    static final MigdExtension server = MigdExtension.inProcess().quiet()
            .provider(CapabilityDescriptor.builder(LATER).schemas("schema://acme/lean/in", "schema://acme/lean/out").build(),
                    new AnswersLater("acme-lean-completer", 300))
            .build();

    @Test
    void pipelinedInvokesAreAnsweredInOrderOnOneConnection() throws IOException {
        try (Socket socket = connect()) {
            send(socket, invoke(DEMO, "one", "") + invoke(DEMO, "two", "") + invoke(DEMO, "three", ""));
            for (String input : List.of("one", "two", "three")) {
                String answer = RawHttp.readResponse(socket.getInputStream());
                assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").contains("\"result\":\"" + input + "\"");
                assertThat(headerNames(answer)).containsExactlyInAnyOrder("date", "content-type", "content-length");
                assertThat(answer).contains("Content-Type: application/json\r\n");
            }
            assertThat(stillServes(socket)).isTrue();
        }
    }

    @Test
    void aRequestOfAnotherKindHandsTheConnectionToJettyWhichServesWhatFollows() throws IOException {
        try (Socket socket = connect()) {
            send(socket, invoke(DEMO, "before", "") + "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + invoke(DEMO, "after", ""));
            assertThat(RawHttp.readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200 ").contains("\"result\":\"before\"");
            assertThat(RawHttp.readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200 ").doesNotContain("\"result\"");
            assertThat(RawHttp.readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200 ").contains("\"result\":\"after\"");
            assertThat(stillServes(socket)).isTrue();
        }
    }

    @Test
    void aRequestPipelinedWhileACallRunsIsKeptAndAnsweredAfterIt() throws Exception {
        try (Socket socket = connect()) {
            send(socket, invoke(LATER, "first", ""));
            Thread.sleep(60); // the call is running (it answers after 300 ms)
            send(socket, invoke(DEMO, "second", ""));

            String first = RawHttp.readResponse(socket.getInputStream());
            assertThat(first).startsWith("HTTP/1.1 200 ").contains("\"later\":true");
            assertThat(first.toLowerCase(Locale.ROOT)).as("not closed for the request it read").doesNotContain("connection: close");
            assertThat(RawHttp.readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200 ").contains("\"result\":\"second\"");
            assertThat(stillServes(socket)).isTrue();
        }
    }

    @Test
    void anAnswerHasTheHeadJettyWouldHaveWritten() throws IOException, InterruptedException {
        // an answer and an error (the body is no JSON) of a capability the connection serves itself
        String answered = "{\"header\":{\"tenant_id\":\"acme\"},\"payload\":{\"input\":\"same\"}}";
        for (String body : List.of(answered, "{not json")) {
            String request = post("/mig/v0.1/invoke/" + DEMO, body, "Connection: close\r\n");
            int head = request.indexOf("\r\n\r\n") + 4;
            String lean = RawHttp.exchange(server.server().port(), request);
            // the head alone first: a request not whole in one read goes to Jetty
            String jetty = RawHttp.exchange(server.server().port(), 150, false, request.substring(0, head), request.substring(head));

            assertThat(statusLine(lean)).as(body).isEqualTo(statusLine(jetty)).isIn("HTTP/1.1 200 OK", "HTTP/1.1 400 Bad Request");
            assertThat(headerNames(lean)).as(body).containsExactlyInAnyOrderElementsOf(headerNames(jetty));
            assertThat(header(lean, "content-type")).isEqualTo(header(jetty, "content-type"));
        }
    }

    @Test
    void requestsLargerThanOneReadAreHandedOverWhole() throws IOException {
        // more than Jetty's request buffer in the first read: every byte of it reaches Jetty
        String big = "y".repeat(40_000);
        try (Socket socket = connect()) {
            send(socket, post("/mig/v0.1/publish/acme.lean.big",
                    "{\"header\":{\"tenant_id\":\"acme\"},\"payload\":{\"filler\":\"" + big + "\"}}", ""));
            assertThat(RawHttp.readResponse(socket.getInputStream())).startsWith("HTTP/1.1 20");
            send(socket, invoke(DEMO, big, ""));
            assertThat(RawHttp.readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200 ").contains("\"result\":\"" + big + "\"");
        }
        try (Socket socket = connect()) {
            send(socket, invoke(DEMO, big, ""));
            assertThat(RawHttp.readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200 ").contains("\"result\":\"" + big + "\"");
            assertThat(stillServes(socket)).isTrue();
        }
    }

    @Test
    void connectionCloseIsAnsweredAndTheConnectionClosed() throws IOException {
        try (Socket socket = connect()) {
            send(socket, invoke(DEMO, "last", "Connection: close\r\n") + invoke(DEMO, "ignored", ""));
            String answer = RawHttp.readResponse(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 200 ").contains("\"result\":\"last\"");
            assertThat(header(answer, "connection")).isEqualTo("close");
            assertThat(socket.getInputStream().read()).as("closed after the answer, the request after it unread").isEqualTo(-1);
        }
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.server().port());
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        return socket;
    }

    private static void send(Socket socket, String bytes) throws IOException {
        socket.getOutputStream().write(bytes.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** Whether the connection answers one more INVOKE. */
    private static boolean stillServes(Socket socket) throws IOException {
        send(socket, invoke(DEMO, "again", ""));
        return RawHttp.readResponse(socket.getInputStream()).contains("\"result\":\"again\"");
    }

    private static String invoke(String capability, String input, String extraHeaders) {
        return post("/mig/v0.1/invoke/" + capability,
                "{\"header\":{\"tenant_id\":\"acme\"},\"payload\":{\"input\":\"" + input + "\"}}", extraHeaders);
    }

    private static String post(String path, String body, String extraHeaders) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Tenant-ID: acme\r\n"
                + "Content-Type: application/json\r\n" + extraHeaders + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private static String statusLine(String answer) {
        return answer.substring(0, answer.indexOf("\r\n"));
    }

    private static List<String> headerNames(String answer) {
        String head = answer.substring(0, answer.indexOf("\r\n\r\n"));
        return Arrays.stream(head.split("\r\n")).skip(1)
                .map(line -> line.substring(0, line.indexOf(':')).toLowerCase(Locale.ROOT)).toList();
    }

    private static String header(String answer, String name) {
        String head = answer.substring(0, answer.indexOf("\r\n\r\n"));
        return Arrays.stream(head.split("\r\n")).skip(1)
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(name + ":"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse(null);
    }
}
