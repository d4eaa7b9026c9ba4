package io.mig.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.memory.InMemoryCapabilityStore;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.port.out.CapabilityRegistration;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The DISCOVER index answers exactly what a scan of the store would (SPEC §3.3: a case-sensitive
 * substring of the id, ordered by id), whatever sequence of registrations, replacements and removals
 * — made through the store, which the index watches — came before.
 */
class CapabilityIndexTest {
    @Property(tries = 300)
    void answersAsAScanWould(@ForAll("operations") List<Op> operations, @ForAll("queries") List<String> queries)
            throws Exception {
        InMemoryCapabilityStore store = new InMemoryCapabilityStore();
        TreeMap<String, String> expected = new TreeMap<>(); // id -> version
        int half = operations.size() / 2;
        for (Op op : operations.subList(0, half)) {
            apply(op, store, expected); // some before the index exists: it loads them
        }
        try (CapabilityIndex index = new CapabilityIndex(store)) {
            for (Op op : operations.subList(half, operations.size())) {
                apply(op, store, expected); // the rest after: it follows them
            }
            for (String query : queries) {
                List<String> scan = expected.entrySet().stream()
                        .filter(e -> query.isEmpty() || e.getKey().contains(query))
                        .map(e -> e.getKey() + "@" + e.getValue()).toList();
                List<String> found = index.search(query.isEmpty() ? null : query, d -> true).stream()
                        .map(d -> d.id() + "@" + d.version()).toList();
                assertThat(found).as("query '%s'", query).isEqualTo(scan);
            }
        }
    }

    @Test
    void theVisibilityFilterIsApplied() throws Exception {
        InMemoryCapabilityStore store = new InMemoryCapabilityStore();
        store.put(registration("acme.open", "1", List.of()));
        store.put(registration("acme.secret", "1", List.of("secret:read")));
        try (CapabilityIndex index = new CapabilityIndex(store)) {
            assertThat(index.search("acme", d -> d.allows(List.of("other")))).extracting(CapabilityDescriptor::id)
                    .containsExactly("acme.open");
            assertThat(index.search("acme", d -> d.allows(List.of("secret:read")))).extracting(CapabilityDescriptor::id)
                    .containsExactly("acme.open", "acme.secret");
        }
    }

    private static void apply(Op op, InMemoryCapabilityStore store, TreeMap<String, String> expected) {
        if (op.remove) {
            store.remove(op.id);
            expected.remove(op.id);
        } else {
            store.put(registration(op.id, op.version, List.of()));
            expected.put(op.id, op.version);
        }
    }

    private static CapabilityRegistration registration(String id, String version, List<String> scopes) {
        return new CapabilityRegistration(new CapabilityDescriptor(id, version, null, null, null, scopes, null, null, null), null);
    }

    record Op(boolean remove, String id, String version) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<String> ids = Arbitraries.strings().withChars("ab.c").ofMinLength(1).ofMaxLength(7);
        return Combinators.combine(Arbitraries.integers().between(0, 3).map(n -> n == 0), ids,
                Arbitraries.integers().between(1, 9).map(String::valueOf))
                .as(Op::new).list().ofMaxSize(80);
    }

    @Provide
    Arbitrary<List<String>> queries() {
        return Arbitraries.strings().withChars("ab.cd").ofMaxLength(5).list().ofMinSize(1).ofMaxSize(12);
    }
}
