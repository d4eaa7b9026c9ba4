package io.mig.core.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.json.MigJson;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.DeliverySemantics;
import io.mig.core.model.InvocationMode;
import io.mig.core.model.QosProfile;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CapabilityStore} does: the watched-store cases of {@link KeyedStoreContract} over
 * capability registrations, which keep every field of the descriptor and the provider binding.
 */
public abstract class CapabilityStoreContract extends KeyedStoreContract<CapabilityStore, CapabilityRegistration> {
    @Override
    protected CapabilityRegistration entry(String id, int version) {
        CapabilityDescriptor descriptor = new CapabilityDescriptor(id, "1." + version + ".0",
                List.of(InvocationMode.UNARY, InvocationMode.SERVER_STREAM), "urn:in:" + id, null,
                List.of("capability:" + id), List.of("events." + id),
                new QosProfile(1024L * version, true, DeliverySemantics.values()[0], null), "capability " + id + " v" + version);
        var provider = MigJson.object().put("type", "http").put("url", "http://provider.test/" + id + "/" + version);
        provider.putObject("headers").put("X-Version", String.valueOf(version));
        return new CapabilityRegistration(descriptor, provider);
    }

    @Override
    protected String keyOf(CapabilityRegistration entry) {
        return entry.id();
    }

    @Override
    protected void put(CapabilityStore store, CapabilityRegistration entry) {
        store.put(entry);
    }

    @Override
    protected Optional<CapabilityRegistration> find(CapabilityStore store, String key) {
        return store.find(key);
    }

    @Override
    protected List<CapabilityRegistration> list(CapabilityStore store) {
        return store.list();
    }

    @Override
    protected boolean remove(CapabilityStore store, String key) {
        return store.remove(key);
    }

    @Test
    void putSaysWhetherTheIdWasNew() {
        CapabilityStore store = newStore();
        assertThat(store.put(entry("a.b", 1))).isTrue();
        assertThat(store.put(entry("a.b", 2))).isFalse();
        assertThat(store.find(null)).isEmpty();
    }

    @Test
    void aRegistrationWithoutProviderKeepsItsAbsence() {
        CapabilityStore store = newStore();
        CapabilityRegistration inProcess = new CapabilityRegistration(
                new CapabilityDescriptor("local.echo", null, null, null, null, null, null, null, null), null);
        store.put(inProcess);
        assertThat(store.find("local.echo")).contains(inProcess);
    }
}
