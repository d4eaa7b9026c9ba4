package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.testing.Jwts;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The console at /ui in a real headless Chromium against a real migd (guide §8). */
class ConsoleBrowserTest {
    @RegisterExtension
    static final MigdExtension server = MigdExtension.inProcess().build();
    private static HeadlessChromium browser;

    @BeforeAll
    static void start() throws Exception {
        browser = HeadlessChromium.launch();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    /** Opens /ui with a fresh tenant choice (the console remembers it in local storage). */
    private static void openConsole() throws Exception {
        browser.navigate(server.baseUrl() + "/ui");
        browser.await("document.body.dataset.ready === 'true'", 20);
        browser.eval("localStorage.clear(); sessionStorage.clear(); location.reload()");
        Thread.sleep(100);
        browser.await("document.body.dataset.ready === 'true'", 20);
    }

    @Test
    void showsLiveStateAndSendsHelloDiscoverInvoke() throws Exception {
        try (SseClient subscriber = SseClient.get(server.uri("/mig/v0.1/subscribe/console.events"),
                Map.of("X-Tenant-ID", "acme"))) {
            openConsole();

            // the open SSE subscription shows up in the connection table
            browser.await("document.getElementById('connections-total').textContent === '1'", 10);
            assertThat(browser.eval("document.querySelector('#connections tbody').textContent").asText())
                    .contains("sse_subscribe").contains("console.events");

            // DISCOVER filled the capability picker
            assertThat(browser.eval("[...document.getElementById('capability').options].map(o => o.value)").toString())
                    .contains("observatory.models.infer");

            browser.eval("document.getElementById('hello').click()");
            browser.await("document.getElementById('status').textContent.startsWith('HELLO: 200')", 10);
            assertThat(browser.eval("document.getElementById('server').textContent").asText()).contains("MIG 0.1");

            browser.eval("document.getElementById('payload').value = '{\"input\": \"from the browser\"}'");
            browser.eval("document.getElementById('invoke').requestSubmit()");
            browser.await("document.getElementById('status').textContent.startsWith('INVOKE observatory.models.infer: 200')", 10);
            JsonNode output = browser.eval("JSON.parse(document.getElementById('output').textContent)");
            assertThat(output.path("payload").path("result").asText()).isEqualTo("from the browser");

            // the control plane's live state: capability count, usage after the invoke, conformance profiles
            assertThat(browser.eval("document.getElementById('capabilities-count').textContent").asText()).isEqualTo("1");
            browser.await("Number(document.getElementById('usage-total').textContent) >= 1", 10);
            browser.await("document.querySelector('[data-profile=core]').classList.contains('ok')", 10);

            // a bad payload is reported, not sent
            browser.eval("document.getElementById('payload').value = '{not json'");
            browser.eval("document.getElementById('invoke').requestSubmit()");
            browser.await("document.getElementById('status').textContent.startsWith('payload is not valid JSON')", 5);

            browser.screenshot(Path.of("target", "console.png"));
        }
    }

    @Test
    void errorsFromTheGatewayAreShownWithTheirCode() throws Exception {
        openConsole();
        browser.eval("document.getElementById('tenant').value = 'not a tenant'");
        browser.eval("document.getElementById('capability').insertAdjacentHTML('beforeend', '<option>observatory.models.infer</option>')");
        // bypass the form's own pattern check to see the gateway's answer
        browser.eval("(() => { const f = document.getElementById('identity'); f.noValidate = true; f.requestSubmit(); })()");
        browser.eval("document.getElementById('payload').value = '{\"input\": \"x\"}'");
        browser.eval("document.getElementById('invoke').requestSubmit()");
        browser.await("document.getElementById('status').textContent.includes('MIG_INVALID_REQUEST')", 10);
        assertThat(browser.eval("document.getElementById('status').className").asText()).isEqualTo("error");
    }

    @Test
    void inJwtModeTheConsoleIsServedButCallsFailUntilATokenIsGiven() throws Exception {
        try (MigdServer jwt = MigdServer.start(Map.of("MIGD_AUTH_MODE", "jwt", "MIGD_JWT_HS256_SECRET", "console-secret"))) {
            browser.navigate(jwt.baseUrl() + "/ui");
            browser.await("document.body.dataset.ready === 'true'", 20);
            browser.eval("localStorage.clear(); sessionStorage.clear(); location.reload()");
            Thread.sleep(100);
            browser.await("document.body.dataset.ready === 'true'", 20);
            assertThat(browser.eval("document.getElementById('connections-breakdown').textContent").asText())
                    .contains("401").contains("MIG_UNAUTHORIZED");

            String token = Jwts.hs256("console-secret",
                    Jwts.claims("acme", "operator", "mig:admin capability:infer"));
            browser.eval("document.getElementById('token').value = '" + token + "'");
            browser.eval("document.getElementById('identity').requestSubmit()");
            browser.await("document.getElementById('connections-total').textContent === '0'", 10);
            browser.await("[...document.getElementById('capability').options].some(o => o.value === 'observatory.models.infer')", 10);
            browser.eval("document.getElementById('payload').value = '{\"input\": \"with a token\"}'");
            browser.eval("document.getElementById('invoke').requestSubmit()");
            browser.await("document.getElementById('status').textContent.startsWith('INVOKE observatory.models.infer: 200')", 10);
            assertThat(browser.eval("JSON.parse(document.getElementById('output').textContent).payload.result").asText())
                    .isEqualTo("with a token");
        }
    }
}
