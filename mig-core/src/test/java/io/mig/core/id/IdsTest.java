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
            assertThat(id.substring(4)).as("the UUID's own text").isEqualTo(uuid.toString());
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

    @Test
    void generatedTraceparentsHaveTheW3cFormAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String t = Traceparent.generate();
            assertThat(t).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
            assertThat(Traceparent.isValid(t)).isTrue();
            assertThat(seen.add(t.substring(3, 35))).as("trace id unique").isTrue();
        }
    }

    @Test
    void traceparentCheckAgreesWithTheW3cRules() {
        java.util.regex.Pattern syntax = java.util.regex.Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
        String valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        assertThat(Traceparent.isValid(valid)).isTrue();
        assertThat(Traceparent.isValid("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).as("zero trace").isFalse();
        assertThat(Traceparent.isValid("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")).as("zero span").isFalse();
        assertThat(Traceparent.isValid("ff" + valid.substring(2))).as("version ff").isFalse();
        assertThat(Traceparent.isValid(valid.toUpperCase())).as("upper case").isFalse();
        assertThat(Traceparent.isValid(valid + "-x")).isFalse();
        assertThat(Traceparent.isValid(null)).isFalse();
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        String alphabet = "0af-gA";
        for (int i = 0; i < 20_000; i++) {
            char[] mutated = valid.toCharArray();
            for (int k = random.nextInt(1, 3); k > 0; k--) {
                mutated[random.nextInt(mutated.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String candidate = new String(mutated);
            boolean expected = syntax.matcher(candidate).matches() && !candidate.startsWith("ff")
                    && !candidate.substring(3, 35).chars().allMatch(c -> c == '0')
                    && !candidate.substring(36, 52).chars().allMatch(c -> c == '0');
            assertThat(Traceparent.isValid(candidate)).as(candidate).isEqualTo(expected);
        }
    }
}
