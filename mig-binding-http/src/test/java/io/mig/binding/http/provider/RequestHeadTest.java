package io.mig.binding.http.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.model.MessageHeader;
import io.mig.core.spi.InvocationContext;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The upstream receives the same head from the lean connection as from Jetty's client: the same
 * fields, in the same order, with the same bytes (the time left aside, which moves between calls).
 */
class RequestHeadTest {
    @Test
    void aPlainCallHasTheHeadJettySends() throws Exception {
        assertSameHead(Map.of(), false, Calls.header(), null);
    }

    @Test
    void configuredHeadersAndAForwardedTokenHaveTheHeadJettySends() throws Exception {
        Map<String, String> configured = new LinkedHashMap<>();
        configured.put("X-Api-Key", "k3y");
        configured.put("user-agent", "custom-agent/1");
        configured.put("x-api-key", "last-one-wins");
        configured.put("X-Other", "ümlaut");
        assertSameHead(configured, true, Calls.header(), "caller-token");
    }

    @Test
    void headerValuesOutsideLatin1AndMissingFieldsAreWrittenAsJettyWritesThem() throws Exception {
        MessageHeader header = new MessageHeader(null, "m-€-1", null, "acme", null, null, "key\twith tab", 5_000L, null);
        assertSameHead(Map.of("Authorization", "Basic c3RhdGlj"), false, header, "not-forwarded");
    }

    private static void assertSameHead(Map<String, String> configured, boolean forward, MessageHeader header,
                                       String token) throws Exception {
        try (RawUpstream upstream = new RawUpstream(n -> RawUpstream.Reply.json("{\"payload\":{}}"))) {
            for (boolean lean : new boolean[] {false, true}) {
                InvocationContext context = Calls.context(header, token, true);
                Calls.provider(upstream.url(), configured, forward, lean).invoke(context).get(10, TimeUnit.SECONDS);
            }
            List<String> heads = upstream.heads();
            assertThat(heads).hasSize(2);
            // Jetty's client asks for gzip although ProviderClient means not to; the lean head does not ask
            List<String> jetty = lines(heads.get(0)).stream().filter(line -> !line.equals("Accept-Encoding: gzip")).toList();
            assertThat(lines(heads.get(1))).as("lean head").containsExactlyElementsOf(jetty)
                    .noneMatch(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("accept-encoding"));
            assertThat(heads.get(1)).startsWith("POST /call?x=1 HTTP/1.1\r\n").contains("\r\nMig-Tenant-Id: acme\r\n");
        }
    }

    private static List<String> lines(String head) {
        return Arrays.stream(head.split("\r\n"))
                .map(line -> line.regionMatches(true, 0, "MIG-Deadline-Ms:", 0, 16) ? "MIG-Deadline-Ms: <n>" : line)
                .toList();
    }
}
