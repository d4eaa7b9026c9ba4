package io.mig.state.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.port.out.CapabilityRegistration;
import io.mig.core.port.out.QuotaLimit;
import io.mig.core.port.out.UsageStore;
import io.mig.core.testing.Await;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The KV stores through a NATS outage (SPEC §10 faults): while nats-server is down, what needs the
 * network answers {@code MIG_UNAVAILABLE} within about the timeout and reads answer from the local
 * copy; when it is back, each store works again without being rebuilt, and a change the other
 * instance made while this one was still away arrives.
 *
 * <p>Instance A's connection waits 4 s between reconnect attempts and B's 100 ms, so that after the
 * restart B is back — and writes — well before A: A's copy can only learn of B's writes by catching
 * up when its own watch comes back.
 */
class JetStreamKvOutageTest {
    private static final Duration SLOW_RECONNECT = Duration.ofSeconds(4);
    /** The slow reconnect, the resync after it, and margin for a loaded machine. */
    private static final Duration RECOVERY = Duration.ofSeconds(20);

    private JetStreamServer nats;
    private Connection slow;

    @BeforeEach
    void start() throws Exception {
        nats = JetStreamServer.start();
        slow = Nats.connect(new Options.Builder()
                .server(nats.url())
                .maxReconnects(-1)
                .reconnectWait(SLOW_RECONNECT)
                .errorListener(new ErrorListener() { })
                .build());
    }

    @AfterEach
    void stop() throws Exception {
        slow.close();
        nats.close();
    }

    @Test
    void duringAnOutageWritesFailPromptlyAndReadsAnswerAfterItEverythingCatchesUp() throws Exception {
        Connection quick = nats.connect();
        JetStreamKvOptions options = StoreInstances.freshOptions();
        JetStreamCapabilityStore capabilitiesA = new JetStreamCapabilityStore(slow, options);
        JetStreamCapabilityStore capabilitiesB = new JetStreamCapabilityStore(quick, options);
        JetStreamQuotaStore quotasA = new JetStreamQuotaStore(slow, options);
        JetStreamUsageStore usageA = new JetStreamUsageStore(slow, options);
        JetStreamUsageStore usageB = new JetStreamUsageStore(quick, options);
        try (capabilitiesA; capabilitiesB; quotasA; usageA; usageB) {
            Set<String> toldA = ConcurrentHashMap.newKeySet();
            capabilitiesA.watch(toldA::add);
            capabilitiesA.put(capability("kept.before"));
            capabilitiesA.put(capability("removed.during"));
            QuotaLimit limit = new QuotaLimit("acme", 10, 60L, "2026-01-01T00:00:00Z");
            quotasA.put(limit);
            assertThat(quotasA.tryAcquire(limit, 0)).isTrue();
            usageA.increment("acme", "kept.before");
            usageA.flush();
            Await.propagated(() -> capabilitiesB.find("removed.during").isPresent(), "B has A's registrations");

            nats.stop();
            assertUnavailablePromptly(() -> capabilitiesA.put(capability("refused")));
            assertUnavailablePromptly(() -> capabilitiesA.remove("kept.before"));
            assertUnavailablePromptly(() -> quotasA.tryAcquire(limit, 0));
            usageA.increment("acme", "kept.before");
            assertUnavailablePromptly(usageA::flush);
            assertUnavailablePromptly(() -> usageA.counts("acme"));
            assertUnavailablePromptly(() -> new JetStreamSchemaStore(slow, options));
            assertThat(capabilitiesA.find("kept.before")).as("reads answer from the copy").isPresent();
            assertThat(capabilitiesA.list()).extracting(CapabilityRegistration::id).containsExactly("kept.before", "removed.during");
            assertThat(quotasA.find("acme")).contains(limit);
            Await.propagated(() -> !capabilitiesA.usable() && !quotasA.usable(), "the stores say they are not usable");

            nats.restart();
            Await.until(RECOVERY, capabilitiesB::usable, "B follows its bucket again");
            assertThat(slow.getStatus()).as("A is still away when B writes").isNotEqualTo(Connection.Status.CONNECTED);
            capabilitiesB.put(capability("added.during"));
            capabilitiesB.remove("removed.during");

            Await.until(RECOVERY, () -> capabilitiesA.find("added.during").isPresent() && capabilitiesA.find("removed.during").isEmpty(),
                    () -> "A caught up with B's writes; A lists " + capabilitiesA.list().stream().map(CapabilityRegistration::id).toList());
            // the copy changes first, then its watchers are told
            Await.until(RECOVERY, () -> toldA.containsAll(java.util.List.of("added.during", "removed.during")),
                    "A's watchers were told of B's changes");
            assertThat(toldA).as("A's watchers were told of B's changes").contains("added.during", "removed.during");
            Await.until(RECOVERY, () -> capabilitiesA.usable() && quotasA.usable(), "A's stores usable again");
            capabilitiesA.put(capability("after"));
            Await.propagated(() -> capabilitiesB.find("after").isPresent(), "A's write after the outage reaches B");
            assertThat(quotasA.tryAcquire(limit, 0)).isTrue();
            assertThat(quotasA.used(limit, 0)).as("the count survived the outage").isEqualTo(2);
            usageA.flush();
            assertThat(usageB.counts("acme")).as("the increment kept through the outage, counted once")
                    .containsExactly(Map.entry(new UsageStore.Key("acme", "kept.before"), 2L));
        }
    }

    @Test
    void bucketsLostWhileAwayAreMadeAgainAndTheCopyFollowsThem() throws Exception {
        JetStreamKvOptions options = StoreInstances.freshOptions();
        JetStreamCapabilityStore capabilities = new JetStreamCapabilityStore(slow, options);
        JetStreamQuotaStore quotas = new JetStreamQuotaStore(nats.connect(), options);
        try (capabilities; quotas) {
            Set<String> told = ConcurrentHashMap.newKeySet();
            capabilities.watch(told::add);
            for (int i = 1; i <= 4; i++) {
                capabilities.put(capability("lost.c" + i));
            }
            capabilities.put(capability("shared", "before"));
            QuotaLimit limit = new QuotaLimit("acme", 5, null, "2026-01-01T00:00:00Z");
            quotas.put(limit);
            assertThat(quotas.tryAcquire(limit, 0)).isTrue();
            // as when a NATS server comes back without its store: the buckets are gone, then an outage
            var management = nats.connect().keyValueManagement();
            for (String bucket : new String[] {"_CAPABILITIES", "_QUOTAS", "_QUOTA_COUNTS"}) {
                management.delete(options.prefix() + bucket);
            }
            nats.stop();
            nats.restart();
            // while A is still away, B fills the new bucket past the revisions A saw: "shared" gets a
            // revision lower than A's copy holds, which only a reset of the copy lets through
            try (JetStreamCapabilityStore other = new JetStreamCapabilityStore(nats.connect(), options)) {
                assertThat(slow.getStatus()).as("A is still away when B writes").isNotEqualTo(Connection.Status.CONNECTED);
                other.put(capability("shared", "after"));
                for (int i = 1; i <= 5; i++) {
                    other.put(capability("new.c" + i));
                }
            }

            Await.until(RECOVERY, () -> capabilities.usable() && capabilities.find("new.c5").isPresent(),
                    () -> "A follows the new bucket; it lists " + capabilities.list().stream().map(CapabilityRegistration::id).toList());
            assertThat(capabilities.list()).extracting(CapabilityRegistration::id)
                    .containsExactly("new.c1", "new.c2", "new.c3", "new.c4", "new.c5", "shared");
            assertThat(capabilities.find("shared").orElseThrow().descriptor().description()).isEqualTo("after");
            assertThat(told).as("watchers told that the lost entries are gone").contains("lost.c1", "lost.c4", "shared");
            Await.until(RECOVERY, () -> quotas.usable() && quotas.find("acme").isEmpty(), "the quota limits follow the new bucket");
            Await.until(RECOVERY, () -> putsAndAcquires(quotas, limit), "the counters bucket made again");
            assertThat(quotas.used(limit, 0)).isEqualTo(1);
        }
    }

    /** The counters bucket is made again in the background after the reconnect: until then both fail. */
    private static boolean putsAndAcquires(JetStreamQuotaStore quotas, QuotaLimit limit) {
        try {
            quotas.put(limit); // again and again: a replacement of the same kind keeps the count
            return quotas.tryAcquire(limit, 0);
        } catch (MigException e) {
            return false;
        }
    }

    private static void assertUnavailablePromptly(ThrowingCallable call) {
        long started = System.nanoTime();
        assertThatThrownBy(call).isInstanceOfSatisfying(MigException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.MIG_UNAVAILABLE));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused within about the timeout")
                .isLessThan(StoreInstances.TIMEOUT.plusSeconds(2));
    }

    private static CapabilityRegistration capability(String id) {
        return capability(id, null);
    }

    private static CapabilityRegistration capability(String id, String description) {
        return new CapabilityRegistration(new CapabilityDescriptor(id, "1.0.0", null, "urn:in", "urn:out", null, null, null,
                description), null);
    }
}
