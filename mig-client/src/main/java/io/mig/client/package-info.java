/**
 * A Java client for MIG gateways over HTTP: HELLO, DISCOVER, INVOKE (unary and streamed), PUBLISH,
 * SUBSCRIBE (reconnecting), CANCEL and HEARTBEAT, with bearer tokens, tenants, idempotency keys and
 * deadlines. It depends on the JDK's {@code java.net.http} and Jackson only.
 *
 * <pre>{@code
 * MigClient client = MigClient.builder().baseUrl("http://localhost:8080").tenant("acme").build();
 * InvokeResult answer = client.invoke("observatory.models.infer", Map.of("input", "hello"),
 *         CallOptions.defaults().idempotencyKey("idem-1").deadline(Duration.ofSeconds(5)));
 * }</pre>
 *
 * Entry point: {@link io.mig.client.MigClient}. Errors: {@link io.mig.client.MigClientException}
 * (one subclass per MIG code) and {@link io.mig.client.MigTransportException}. The guide is
 * {@code docs/CLIENT.md}.
 */
package io.mig.client;
