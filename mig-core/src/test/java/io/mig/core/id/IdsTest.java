package io.mig.core.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void messageIdsAreVersion4UuidsAndUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = Ids.messageId();
            assertThat(id).startsWith("msg-");
            UUID uuid = UUID.fromString(id.substring(4));
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(seen.add(id)).as("unique").isTrue();
        }
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
