package io.mig.state.jetstream;

import io.mig.core.port.out.CapabilityRegistration;
import io.mig.core.port.out.CapabilityStore;
import io.nats.client.Connection;

/**
 * Capability registrations in the KV bucket {@code <prefix>_CAPABILITIES}, one key per capability id
 * (base64url, see {@link NatsTokens}), the value the admin API's view of it (descriptor and provider
 * block). {@code find} and {@code list} answer from a watched local copy (see {@link WatchedBucket}),
 * in force on every instance within a second of a change.
 *
 * <pre>{@code
 * try (JetStreamCapabilityStore capabilities = new JetStreamCapabilityStore(connection, JetStreamKvOptions.defaults())) {
 *     gatewayBuilder.capabilityStore(capabilities);
 * }
 * }</pre>
 */
public final class JetStreamCapabilityStore extends WatchedStore<CapabilityRegistration> implements CapabilityStore {
    /**
     * Creates the bucket when missing and loads it.
     *
     * @throws io.mig.core.error.MigException {@code MIG_UNAVAILABLE} when NATS does not answer
     */
    public JetStreamCapabilityStore(Connection connection, JetStreamKvOptions options) {
        super(connection, options, "CAPABILITIES", "migd capability registrations", new CapabilityCodec());
    }
}
