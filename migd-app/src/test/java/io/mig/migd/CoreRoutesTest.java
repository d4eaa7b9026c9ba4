package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The plain unary INVOKE and the other unary MIG routes are served by a Jetty core handler in
 * front of Javalin (issue #12, P2); a trailing slash still goes through Javalin's router. Both must answer byte for byte alike, but for
 * what differs per call (date, timestamps, minted ids).
 */
class CoreRoutesTest {
    @RegisterExtension
    static final MigdExtension server = MigdExtension.inProcess().quiet().build();
    private static final String ROUTE = "/mig/v0.1/invoke/observatory.models.infer";

    /** Bodies and extra headers covering answers, refusals, the idempotency header and the stream fallback. */
    private static final List<String[]> CASES = List.of(
            new String[] {"{\"header\":{\"tenant_id\":\"acme\"},\"payload\":{\"input\":\"hello\"}}", ""},
            new String[] {"{\"payload\":{\"input\":\"x\"}}", "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\r\n"},
            new String[] {"{\"payload\":{\"input\":\"x\"}}", "Idempotency-Key: idem-%s\r\n"},
            new String[] {"{\"payload\":", ""},
            new String[] {"{\"payload\":{}} trailing", ""},
            new String[] {"[1]", ""},
            new String[] {"", ""},
            new String[] {"{\"header\":{\"message_id\":7},\"payload\":{\"input\":\"x\"}}", ""},
            new String[] {"{\"payload\":{\"wrong\":1}}", ""},
            new String[] {"{\"payload\":{\"input\":\"x\"},\"stream_preference\":\"bogus\"}", ""},
            new String[] {"{\"payload\":{\"input\":\"x\"},\"stream_preference\":\"server_stream\"}", ""},
            new String[] {"{\"payload\":{\"input\":\"x\"}}", "Authorization: Bearer a\r\nAuthorization: Bearer b\r\n"},
            new String[] {"{\"payload\":{\"input\":\"x\"}}", "Accept: text/event-stream\r\n"});

    private static int calls;

    private static String post(String path, String body, String headerTemplate) throws IOException {
        // a fresh idempotency key per call: the same key twice would be answered as a replay
        String headers = headerTemplate.replace("%s", String.valueOf(++calls));
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return RawHttp.exchange(server.server().port(), "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Tenant-ID: acme\r\nContent-Type: application/json\r\n" + headers
                + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n" + body);
    }

    /** The answer without what differs from call to call. */
    private static String masked(String answer) {
        return answer.replaceAll("(?m)^Date: .*$", "Date: D")
                .replaceAll("\"timestamp\":\"[^\"]*\"", "\"timestamp\":\"T\"")
                .replaceAll("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]", "TRACEPARENT")
                .replaceAll("msg-[0-9a-f-]+", "MSG")
                .replaceAll("idem-[0-9]+", "IDEM")
                .replaceAll("evt-[0-9a-f-]+", "EVT")
                .replaceAll("\"sequence\":[0-9]+", "\"sequence\":N")
                .replaceAll("(?m)^Content-Length: .*$", "Content-Length: L");
    }

    @Test
    void theCoreRouteAnswersAsJavalinsRouteDoes() throws IOException {
        for (String[] c : CASES) {
            String core = post(ROUTE, c[0], c[1]);
            String javalin = post(ROUTE + "/", c[0], c[1]);
            assertThat(core).as("an answer to %s", c[0]).startsWith("HTTP/1.1 ");
            assertThat(masked(core)).as("body %s, headers %s", c[0], c[1]).isEqualTo(masked(javalin));
        }
    }

    @Test
    void theOtherUnaryRoutesAnswerAsJavalinsRoutesDo() throws IOException {
        for (String route : List.of("/mig/v0.1/hello", "/mig/v0.1/discover", "/mig/v0.1/heartbeat",
                "/mig/v0.1/publish/core.route.topic", "/mig/v0.1/cancel/msg-core-route-1")) {
            for (String body : List.of("{}", "{\"header\":{\"tenant_id\":\"acme\"},\"payload\":{\"n\":1}}", "{\"header\":", "[]")) {
                String core = post(route, body, "");
                assertThat(core).as("an answer to %s %s", route, body).startsWith("HTTP/1.1 ");
                assertThat(masked(core)).as("%s %s", route, body).isEqualTo(masked(post(route + "/", body, "")));
            }
        }
    }

    @Test
    void aRefusalKeepsItsStatusAndEnvelope() throws IOException {
        String answer = post(ROUTE, "{\"payload\":", "");
        assertThat(answer).startsWith("HTTP/1.1 400 ").contains("Content-Type: application/json")
                .contains("\"code\":\"MIG_INVALID_REQUEST\"");
        assertThat(post("/mig/v0.1/invoke/no.such.capability", "{\"payload\":{}}", ""))
                .startsWith("HTTP/1.1 404 ").contains("MIG_UNSUPPORTED_CAPABILITY");
    }

    @Test
    void pipelinedInvokesAreAnsweredInOrderOnOneConnection() throws IOException {
        String first = "{\"payload\":{\"input\":\"first\"}}";
        String second = "{\"payload\":{\"input\":\"second\"}}";
        String one = "POST " + ROUTE + " HTTP/1.1\r\nHost: localhost\r\nX-Tenant-ID: acme\r\nContent-Length: " + first.length() + "\r\n\r\n" + first;
        String two = "POST " + ROUTE + " HTTP/1.1\r\nHost: localhost\r\nX-Tenant-ID: acme\r\nContent-Length: " + second.length()
                + "\r\nConnection: close\r\n\r\n" + second;
        String answers = RawHttp.exchange(server.server().port(), one + two);
        assertThat(answers.split("HTTP/1.1 200 ", -1)).hasSize(3);
        assertThat(answers.indexOf("\"result\":\"first\"")).isPositive().isLessThan(answers.indexOf("\"result\":\"second\""));
    }
}
