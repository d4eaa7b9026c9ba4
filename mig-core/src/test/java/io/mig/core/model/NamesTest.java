package io.mig.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mig.core.error.MigException;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NamesTest {
    /** The rules of SPEC §1.3 as regular expressions: the hand-written checks must agree with them. */
    private static final Pattern NAMESPACED = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)+");
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final String ALPHABET = "aZ09_-..*> é\u0000";

    @Test
    void namesAndTenantsFollowTheSpecRules() {
        assertThat(Names.isNamespaced("mig.demo.echo")).isTrue();
        assertThat(Names.isNamespaced("a.b")).isTrue();
        assertThat(Names.isNamespaced("a")).isFalse();
        assertThat(Names.isNamespaced("a.")).isFalse();
        assertThat(Names.isNamespaced(".a")).isFalse();
        assertThat(Names.isNamespaced("a..b")).isFalse();
        assertThat(Names.isNamespaced("a.b*")).isFalse();
        assertThat(Names.isNamespaced("a." + "b".repeat(253))).isTrue();
        assertThat(Names.isNamespaced("a." + "b".repeat(254))).as("256 characters").isFalse();
        assertThat(Names.isNamespaced(null)).isFalse();
        assertThat(Names.isTenant("acme-1_x")).isTrue();
        assertThat(Names.isTenant("x".repeat(64))).isTrue();
        assertThat(Names.isTenant("x".repeat(65))).isFalse();
        assertThat(Names.isTenant("")).isFalse();
        assertThat(Names.isTenant("a.b")).isFalse();
        assertThat(Names.isTenant(null)).isFalse();
        assertThatThrownBy(() -> Names.requireCapability("nodots")).isInstanceOf(MigException.class);
        assertThatThrownBy(() -> Names.requireTenant("bad tenant")).isInstanceOf(MigException.class);
    }

    @Test
    void agreeWithTheRegularExpressionsOnRandomStrings() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(8);
            for (int j = 0; j < length; j++) {
                s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String name = s.toString();
            assertThat(Names.isNamespaced(name)).as("'%s'", name).isEqualTo(NAMESPACED.matcher(name).matches());
            assertThat(Names.isTenant(name)).as("'%s'", name).isEqualTo(TENANT.matcher(name).matches());
        }
    }
}
