package io.mig.state.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.port.out.CapabilityRegistration;
import io.mig.core.testing.Await;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.StorageType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The watched bucket under the capability store: creation, the initial load, entries it cannot read. */
class WatchedBucketTest {
    private static final Duration IN_FORCE_WITH_MARGIN = Duration.ofSeconds(2);

    @RegisterExtension
    static final StoreInstances<JetStreamCapabilityStore> INSTANCES = new StoreInstances<>(JetStreamCapabilityStore::new);

    @Test
    void theBucketIsCreatedWithFileStorageOneValuePerKeyAndTheReplicasAsked() throws Exception {
        JetStreamKvOptions options = StoreInstances.freshOptions();
        Connection connection = INSTANCES.nats().connect();
        try (JetStreamCapabilityStore store = new JetStreamCapabilityStore(connection, options)) {
            KeyValueStatus status = connection.keyValueManagement().getStatus(options.prefix() + "_CAPABILITIES");
            assertThat(status.getStorageType()).isEqualTo(StorageType.File);
            assertThat(status.getMaxHistoryPerKey()).isEqualTo(1);
            assertThat(status.getReplicas()).isEqualTo(options.replicas());
            assertThat(store.usable()).isTrue();
        }
    }

    @Test
    void aStoreIsOpenOnlyOnceEveryEntryIsLoaded() throws Exception {
        int entries = 300;
        JetStreamCapabilityStore writer = INSTANCES.fresh();
        IntStream.range(0, entries).forEach(i -> writer.put(capability(String.format("load.c%03d", i))));
        JetStreamCapabilityStore reader = INSTANCES.sibling(writer);
        assertThat(reader.list()).as("loaded before the constructor returned").hasSize(entries);
        assertThat(reader.list().get(0).id()).isEqualTo("load.c000");
        assertThat(reader.find("load.c299")).isPresent();
    }

    @Test
    void entriesNotWrittenByMigdAreIgnoredAndTheWatchGoesOn() throws Exception {
        JetStreamKvOptions options = StoreInstances.freshOptions();
        Connection connection = INSTANCES.nats().connect();
        try (JetStreamCapabilityStore store = new JetStreamCapabilityStore(connection, options)) {
            KeyValue raw = connection.keyValue(options.prefix() + "_CAPABILITIES");
            raw.put("x", "not a base64url token".getBytes(StandardCharsets.UTF_8));
            raw.put(NatsTokens.encode("broken.value"), "{not json".getBytes(StandardCharsets.UTF_8));
            store.put(capability("fine.one"));
            raw.put(NatsTokens.encode("fine.two"), new CapabilityCodec().encode(capability("fine.two")));
            Await.propagated(() -> store.find("fine.two").isPresent(), "an entry written after the unreadable ones");
            assertThat(store.list()).extracting(CapabilityRegistration::id).containsExactly("fine.one", "fine.two");
            assertThat(store.find("broken.value")).isEmpty();
        }
    }

    @Test
    void aPutOnOneInstanceIsFoundOnTheOtherWithinTheSpecsSecond() {
        JetStreamCapabilityStore a = INSTANCES.fresh();
        JetStreamCapabilityStore b = INSTANCES.sibling(a);
        for (int i = 0; i < 10; i++) {
            String id = "fast.c" + i;
            (i % 2 == 0 ? a : b).put(capability(id));
            JetStreamCapabilityStore other = i % 2 == 0 ? b : a;
            // SPEC §10: in force on every instance within 1 s; one more second of margin for a loaded machine
            Await.until(IN_FORCE_WITH_MARGIN, () -> other.find(id).isPresent(), id + " on the other instance");
        }
    }

    @Test
    void aKeyTooLongForANatsSubjectIsRefusedAndTheConnectionStaysUp() {
        JetStreamCapabilityStore store = INSTANCES.fresh();
        String huge = "x".repeat(5000);
        assertThatThrownBy(() -> store.put(capability(huge))).isInstanceOfSatisfying(MigException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_INVALID_REQUEST));
        assertThat(store.remove(huge)).isFalse();
        String longest = "y".repeat(2200);
        assertThat(store.put(capability(longest))).as("a long key that fits").isTrue();
        assertThat(store.find(longest)).isPresent();
        assertThat(store.usable()).isTrue();
    }

    private static CapabilityRegistration capability(String id) {
        return new CapabilityRegistration(new CapabilityDescriptor(id, "1.0.0", null, "urn:in", "urn:out", null, null, null, null),
                null);
    }
}
