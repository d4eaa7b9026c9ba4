package io.mig.binding.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

/** What the core handler claims without a server; {@code CoreRoutesTest} (migd-app) compares it over HTTP. */
class UnaryRouteHandlerTest {
    @Test
    void onlySegmentsJavalinPassesThroughUnchangedAreClaimed() {
        assertThat(UnaryRouteHandler.plainSegment("observatory.models.infer")).isTrue();
        assertThat(UnaryRouteHandler.plainSegment("acme-tools_v2~x:y@z")).isTrue();
        for (String other : new String[] {"", ".", "..", "a%2Fb", "a+b", "a;v=1", "a/", "a b", "é"}) {
            assertThat(UnaryRouteHandler.plainSegment(other)).as(other).isFalse();
        }
    }

    @Test
    void aRepeatedCredentialHeaderIsFoundInOnePass() {
        HttpFields.Mutable fields = HttpFields.build().add("Authorization", "Bearer a").add("X-Tenant-ID", "acme")
                .add("Accept", "a").add("Accept", "b");
        assertThat(SecurityHeaders.repeatedIn(fields)).as("Accept may repeat").isFalse();
        fields.add("x-tenant-id", "globex");
        assertThat(SecurityHeaders.repeatedIn(fields)).as("names are case-insensitive").isTrue();
        assertThat(SecurityHeaders.repeatedIn(HttpFields.build().add("Idempotency-Key", "1").add("Idempotency-Key", "2")))
                .isTrue();
    }
}
