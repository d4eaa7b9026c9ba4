package io.mig.migd.abuse;

import static io.mig.migd.abuse.AbuseTarget.MIB;

import java.util.List;
import java.util.UUID;

/** Findings 1 and 2: requests that open a stream, made by the thousand and dropped at once. */
final class UpgradeFloods {
    private UpgradeFloods() {
    }

    /**
     * Finding 1: WebSocket upgrade attempts, half with a token (101) and half without (401), each on
     * its own connection, closed right after the answer's head. Each attempt used to leave a servlet
     * session behind (about 700 bytes: 268k attempts, +183 MB); the 1,500 after the short form's
     * warm-up would keep 1 MB: twice the noise floor below which a per-attempt figure is not judged,
     * and almost three times their allowance of 256 bytes each.
     */
    static Attack webSocketUpgrades() {
        return Scripted.attack("ws-upgrades", "finding 1: WebSocket upgrades, half with a token (101), half without (401)",
                2_000, 40_000, 8 * MIB, (target, attempts) -> {
                    String withToken = upgrade("Authorization: Bearer " + target.token("acme") + "\r\n");
                    String without = upgrade("");
                    return Workers.run(8, attempts, i -> {
                        String head = RawSocket.head(target.port(), i % 2 == 0 ? withToken : without);
                        String expected = i % 2 == 0 ? "HTTP/1.1 101" : "HTTP/1.1 401";
                        if (!head.startsWith(expected)) {
                            return "expected " + expected + ", got " + RawSocket.statusLine(head);
                        }
                        return head.toLowerCase().contains("set-cookie") ? "a cookie: " + head : null;
                    });
                }).keepingAtMost(256);
    }

    private static String upgrade(String authorization) {
        return "GET /mig/v0.1/stream?tenant_id=acme HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + authorization + "\r\n";
    }

    /**
     * Finding 2: SSE subscriptions to topics nobody publishes to, each new, each dropped after the
     * answer's head. A topic used to cost a 10,000-slot ring (about 40 KB) for ever: the short
     * form's 800 would keep 32 MB, twice the bound (and 20 times the 2 KB an attempt may keep while
     * its closed connection is noticed).
     */
    static Attack randomTopicSubscriptions() {
        return Scripted.attack("sse-random-topics", "finding 2: SSE subscriptions to new random topics, dropped after the head",
                800, 13_000, 16 * MIB, (target, attempts) -> {
                    String authorization = "Authorization: Bearer " + target.token("acme") + "\r\n";
                    return Workers.run(8, attempts, i -> {
                        String head = RawSocket.head(target.port(), "GET /mig/v0.1/subscribe/abuse.random." + UUID.randomUUID()
                                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n" + authorization + "\r\n");
                        return head.startsWith("HTTP/1.1 200") ? null : "expected 200, got " + RawSocket.statusLine(head);
                    });
                }).keepingAtMost(2048).verifying(target -> {
                    // subscribing created no topic: a publish to a new one is still admitted
                    var published = target.post("acme", "/mig/v0.1/publish/abuse.random.after",
                            "{\"header\":{\"tenant_id\":\"acme\"},\"payload\":{\"n\":1}}");
                    return published.statusCode() == 200 ? List.of()
                            : List.of("a publish after the flood: " + published.statusCode() + " " + published.body());
                });
    }
}
