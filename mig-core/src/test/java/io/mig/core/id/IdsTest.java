package io.mig.core.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void messageIdsAreVersion8UuidsOfOneInstanceAndUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = Ids.messageId();
            assertThat(id).startsWith("msg-");
            UUID uuid = UUID.fromString(id.substring(4));
            assertThat(uuid.version()).isEqualTo(8);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(seen.add(id)).as("unique").isTrue();
        }
        String a = Ids.messageId();
        String b = Ids.messageId();
        assertThat(UUID.fromString(a.substring(4)).getMostSignificantBits())
                .as("one process's ids share its instance bits")
                .isEqualTo(UUID.fromString(b.substring(4)).getMostSignificantBits());
    }

    @Test
    void messageIdsStayUniqueAcrossThreads() throws Exception {
        Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    seen.add(Ids.messageId());
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(seen).as("no id minted twice").hasSize(20_000);
    }

    @Test
    void generatedTraceparentsAreValidAndDiffer() {
        String a = Traceparent.generate();
        String b = Traceparent.generate();
        assertThat(Traceparent.isValid(a)).isTrue();
        assertThat(a).isNotEqualTo(b);
        assertThat(Ids.random("migd")).matches("migd-[0-9a-f]{16}");
    }
}
