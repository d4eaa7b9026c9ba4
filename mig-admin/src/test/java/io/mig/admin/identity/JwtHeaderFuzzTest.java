package io.mig.admin.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.core.error.ErrorCode;
import io.mig.core.error.MigException;
import io.mig.core.port.in.Credentials;
import io.mig.core.testing.TimeBound;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based fuzzing of bearer-token parsing (issue 11, item 3; {@code jqwik.tries.default}
 * inputs: short in the test command, 100,000 in {@code bench/fuzz}): any string in the
 * place of a token — three base64url parts with arbitrary JSON-ish headers and claims, or raw
 * noise — is refused with {@code MIG_UNAUTHORIZED}, never accepted and never another exception.
 */
class JwtHeaderFuzzTest {
    private static final JwtAuthenticator JWT = JwtAuthenticator.builder().hs256Secret("supersecret").build();

    @Property
    void anyForgedTokenIsUnauthorized(@ForAll("tokens") String token) {
        TimeBound.run(() -> {
            try {
                JWT.authenticate(new Credentials(token, null, null));
                throw new AssertionError("accepted a forged token: " + token);
            } catch (MigException e) {
                assertThat(e.code()).as("%s: %s", token, e.getMessage()).isEqualTo(ErrorCode.MIG_UNAUTHORIZED);
            }
        });
    }

    @Provide
    Arbitrary<String> tokens() {
        Arbitrary<String> json = Arbitraries.of("{\"alg\":\"HS256\"}", "{\"alg\":\"none\"}", "{\"alg\":\"RS256\",\"kid\":\"x\"}",
                "{\"alg\":\"HS256\",\"crit\":[\"exp\"]}", "{\"alg\":", "[]", "null", "{\"alg\":\"HS256\",\"jku\":\"http://127.0.0.1:9/\"}",
                "{\"tenant_id\":\"acme\",\"exp\":99999999999}", "{\"exp\":\"soon\"}", "\u0000", "");
        // no injectDuplicates(): with it, jqwik's per-try bookkeeping (StoreRepository.finishTry) grew with
        // every try and 100,000 tries did not finish in 20 minutes; with 12 values, parts repeat by themselves
        Arbitrary<String> part = Arbitraries.oneOf(json.map(JwtHeaderFuzzTest::base64url),
                Arbitraries.strings().ofMaxLength(40), Arbitraries.strings().withChars("ABCabc012-_=.+/").ofMaxLength(60));
        Arbitrary<String> threeParts = part.list().ofMinSize(1).ofMaxSize(5).map(parts -> String.join(".", parts));
        return Arbitraries.oneOf(threeParts, Arbitraries.strings().ofMaxLength(200));
    }

    private static String base64url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
