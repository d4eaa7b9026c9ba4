package io.mig.binding.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which requests {@link LeanConnection} answers itself: a whole, plain INVOKE; every other one (null)
 * goes to Jetty's parser with its bytes, so that it is answered — or refused — as before.
 */
class LeanRequestTest {
    private static final String BODY = "{\"payload\":{\"input\":\"hello\"}}";
    private static final int MAX_HEAD = 8192;
    private static final long MAX_BODY = 1024;

    private static String invoke(String capability, String headers, String body) {
        return "POST /mig/v0.1/invoke/" + capability + " HTTP/1.1\r\n" + headers + "\r\n" + body;
    }

    private static String plain(String extraHeaders) {
        return invoke("acme.echo", "Host: localhost:8080\r\nContent-Type: application/json\r\nX-Tenant-ID: acme\r\n"
                + extraHeaders + "Content-Length: " + BODY.length() + "\r\n", BODY);
    }

    private static LeanRequest parse(String request) {
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        return LeanRequest.parse(bytes, 0, bytes.length, MAX_HEAD, MAX_BODY);
    }

    @Test
    void aWholePlainInvokeIsTakenWithItsHeadersAndLengths() {
        String request = plain("");
        LeanRequest parsed = parse(request);

        assertThat(parsed).isNotNull();
        assertThat(parsed.capability).isEqualTo("acme.echo");
        assertThat(parsed.headers.get("x-tenant-id")).isEqualTo("acme");
        assertThat(parsed.headers.get("Content-Type")).isEqualTo("application/json");
        assertThat(parsed.length).isEqualTo(request.length());
        assertThat(parsed.bodyLength()).isEqualTo(BODY.length());
        assertThat(request.substring(parsed.headLength)).isEqualTo(BODY);
        assertThat(parsed.close).isFalse();
    }

    @Test
    void pipelinedRequestsAreTakenOneAfterAnother() {
        String first = plain("");
        String second = invoke("acme.other", "Host: h\r\nContent-Length: 2\r\n", "{}");
        byte[] bytes = (first + second + "POST /mig").getBytes(StandardCharsets.ISO_8859_1);

        LeanRequest one = LeanRequest.parse(bytes, 0, bytes.length, MAX_HEAD, MAX_BODY);
        assertThat(one.length).as("the first only").isEqualTo(first.length());
        LeanRequest two = LeanRequest.parse(bytes, one.length, bytes.length, MAX_HEAD, MAX_BODY);
        assertThat(two.capability).isEqualTo("acme.other");
        assertThat(LeanRequest.parse(bytes, one.length + two.length, bytes.length, MAX_HEAD, MAX_BODY))
                .as("the start of a third: not whole").isNull();
    }

    @Test
    void headerValuesAreTrimmedAndAnEmptyValueIsKept() {
        LeanRequest parsed = parse(plain("X-Trimmed: \t spaced out \t\r\nX-Empty:\r\n"));
        assertThat(parsed.headers.get("X-Trimmed")).isEqualTo("spaced out");
        assertThat(parsed.headers.get("X-Empty")).isEmpty();
    }

    @Test
    void headerValuesAreKeptAsSent() {
        LeanRequest parsed = parse(invoke("acme.echo", "Host: LocalHost:8080\r\nX-Case: MiXed\r\nContent-Length: 2\r\n", "{}"));
        assertThat(parsed.headers.get("Host")).isEqualTo("LocalHost:8080");
        assertThat(parsed.headers.get("X-Case")).isEqualTo("MiXed");
    }

    @Test
    void connectionCloseIsTakenAndRemembered() {
        assertThat(parse(plain("Connection: close\r\n")).close).isTrue();
        assertThat(parse(plain("Connection: Keep-Alive\r\n")).close).isFalse();
    }

    @Test
    void aRequestNotYetWholeIsNotTaken() {
        String request = plain("");
        for (int cut = 1; cut < request.length(); cut++) {
            assertThat(parse(request.substring(0, cut))).as("cut at %d", cut).isNull();
        }
    }

    @Test
    void aHeadAboveTheServersLimitIsNotTaken() {
        String big = "X-Big: " + "a".repeat(MAX_HEAD) + "\r\n";
        assertThat(parse(plain(big))).isNull();
    }

    @Test
    void aBodyAboveTheLimitIsNotTaken() {
        String body = "x".repeat((int) MAX_BODY + 1);
        assertThat(parse(invoke("acme.echo", "Host: h\r\nContent-Length: " + body.length() + "\r\n", body))).isNull();
        assertThat(parse(invoke("acme.echo", "Host: h\r\nContent-Length: 99999999999999999999\r\n", ""))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "GET /mig/v0.1/invoke/acme.echo HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}",
            "POST /mig/v0.1/invoke/acme.echo HTTP/1.0\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}",
            "POST /mig/v0.1/invoke/acme.echo?access_token=t HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}",
            "POST /mig/v0.1/invoke/acme%2Eecho HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}",
            "POST /mig/v0.1/invoke/acme.echo/ HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}",
            "POST /mig/v0.1/invoke/a+b HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}",
            "POST /mig/v0.1/invoke/.. HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}",
            "POST /mig/v0.1/invoke/ HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}",
            "POST /mig/v0.1/hello HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}",
            "POST  /mig/v0.1/invoke/acme.echo HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}",
            "POST /mig/v0.1/invoke/acme.echo HTTP/1.1\nHost: h\nContent-Length: 2\n\n{}",
            "POST /mig/v0.1/invoke/acme.echo HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}",
            "POST /mig/v0.1/invoke/acme.echo HTTP/1.1\r\nHost: h\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}",
            "POST /mig/v0.1/invoke/acme.echo HTTP/1.1\r\nHost: bad host\r\nContent-Length: 2\r\n\r\n{}",
            "POST /mig/v0.1/invoke/acme.echo HTTP/1.1\r\nHost: :ocalhost:8080\r\nContent-Length: 2\r\n\r\n{}",
            "POST /mig/v0.1/invoke/acme.echo HTTP/1.1\r\nHost: h:99999\r\nContent-Length: 2\r\n\r\n{}",
            "POST /mig/v0.1/invoke/acme.echo HTTP/1.1\r\nHost: \r\nContent-Length: 2\r\n\r\n{}",
            "POST /mig/v0.1/invoke/acme.echo HTTP/1.1\r\nHost: h\r\n\r\n{}",
            "POST /mig/v0.1/invoke/acme.echo HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}",
            "POST /mig/v0.1/invoke/acme.echo HTTP/1.1\r\nHost: h\r\nContent-Length: +2\r\n\r\n{}",
            "POST /mig/v0.1/invoke/acme.echo HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}",
            "POST /mig/v0.1/invoke/acme.echo HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n{}",
            "POST /mig/v0.1/invoke/acme.echo HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nUpgrade: websocket\r\n\r\n{}",
            "POST /mig/v0.1/invoke/acme.echo HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nConnection: Upgrade\r\n\r\n{}",
            "POST /mig/v0.1/invoke/acme.echo HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nX-Folded: a\r\n b\r\n\r\n{}",
            "POST /mig/v0.1/invoke/acme.echo HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nX-Space : a\r\n\r\n{}",
            "POST /mig/v0.1/invoke/acme.echo HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nX-Latin: caf\u00e9\r\n\r\n{}",
            "POST /mig/v0.1/invoke/acme.echo HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nX-Nul: a\u0000b\r\n\r\n{}",
            "POST /mig/v0.1/invoke/acme.echo HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nX-Cr: a\rb\r\n\r\n{}",
            "POST /mig/v0.1/invoke/acme.echo HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n: no name\r\n\r\n{}",
    })
    void anythingElseIsLeftToJetty(String request) {
        assertThat(parse(request)).isNull();
    }
}
