package io.mig.binding.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import io.mig.core.json.MigJson;
import io.mig.core.model.InvokeRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * {@link InvokeBody} reads the common shape of an INVOKE body by hand: whenever it does, the request
 * must be exactly the one Jackson binds from the same tree (MigJson.convert), the reference; on
 * every other body it must step aside, so the values and the errors stay Jackson's.
 */
class InvokeBodyTest {
    private static final String CAPABILITY = "fuzz.tools.echo";

    @Example
    void theBodyOfTheUserGuideIsReadByHand() {
        ObjectNode body = MigJson.readObject("{\"header\":{\"tenant_id\":\"acme\",\"deadline_ms\":5000},\"payload\":{\"input\":\"hi\"}}"
                .getBytes(StandardCharsets.UTF_8));
        InvokeRequest request = InvokeBody.commonShape(body, CAPABILITY);
        assertThat(request).isNotNull();
        assertThat(request.header().tenantId()).isEqualTo("acme");
        assertThat(request.header().deadlineMs()).isEqualTo(5000L);
        assertThat(request.payload().path("input").asText()).isEqualTo("hi");
        assertThat(request.capability()).isEqualTo(CAPABILITY);
    }

    @Property(tries = 2000) // no I/O: cheap, and some shapes are rare among the combinations
    void whatIsReadByHandIsWhatJacksonBinds(@ForAll("bodies") String json) {
        ObjectNode body = MigJson.readObject(json.getBytes(StandardCharsets.UTF_8));
        InvokeRequest expected;
        MigException refused = null;
        try {
            InvokeRequest bound = MigJson.convert(body.deepCopy(), InvokeRequest.class);
            expected = new InvokeRequest(bound.header(), CAPABILITY, bound.payload(), null);
        } catch (MigException e) {
            expected = null;
            refused = e;
        }
        InvokeRequest byHand = InvokeBody.commonShape(body, CAPABILITY);
        Statistics.label("read").collect(byHand != null ? "by hand" : expected != null ? "by Jackson" : "refused by Jackson");
        if (byHand != null) {
            assertThat(refused).as("Jackson refuses %s", json).isNull();
            assertThat(byHand).as(json).isEqualTo(expected);
        }
        // whichever way it goes, the answer is Jackson's
        if (refused != null) {
            MigException e = refused;
            assertThatThrownBy(() -> InvokeBody.request(body, CAPABILITY))
                    .isInstanceOfSatisfying(MigException.class, thrown -> assertThat(thrown.getMessage()).isEqualTo(e.getMessage()));
        } else {
            assertThat(InvokeBody.request(body, CAPABILITY)).as(json).isEqualTo(expected);
        }
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> anyValue = Arbitraries.of("\"acme\"", "\"\"", "\"0.1\"", "\"x\\u00e9\\n\"", "null", "7", "-1", "1.5",
                "9223372036854775807", "9223372036854775808", "1e3", "true", "{}", "{\"a\":1}", "[]", "[\"x\"]");
        Arbitrary<String> text = Arbitraries.of("\"acme\"", "\"\"", "\"0.1\"", "\"x\\u00e9\\n\"", "\"msg-1\"");
        // mostly values of the field's own type, sometimes anything: both sides of every check get exercised
        Arbitrary<String> textField = Combinators.combine(Arbitraries.of("mig_version", "message_id", "timestamp", "tenant_id",
                "session_id", "traceparent", "idempotency_key", "other"), Arbitraries.frequencyOf(
                Tuple.of(4, text), Tuple.of(1, anyValue))).as((name, value) -> "\"" + name + "\":" + value);
        Arbitrary<String> deadline = Arbitraries.of("0", "5000", "-1", "2147483648", "9223372036854775807", "9223372036854775808",
                "1.5", "1.0", "1e3", "\"5000\"", "null", "{}").map(v -> "\"deadline_ms\":" + v);
        Arbitrary<String> meta = Arbitraries.of("{}", "{\"k\":\"v\",\"n\":1.50}", "null", "[]", "\"m\"", "7").map(v -> "\"meta\":" + v);
        Arbitrary<String> headerField = Arbitraries.frequencyOf(Tuple.of(6, textField), Tuple.of(2, deadline), Tuple.of(2, meta));
        Arbitrary<String> header = Arbitraries.oneOf(
                headerField.list().ofMaxSize(6).map(fields -> "{" + String.join(",", fields) + "}"),
                Arbitraries.of("null", "[]", "\"h\"", "3"));
        Arbitrary<String> payload = Arbitraries.frequencyOf(Tuple.of(1, anyValue), Tuple.of(3,
                Arbitraries.of("{\"input\":\"hi\"}", "{\"n\":0.1000000000000000000001,\"m\":1.50}", "{\"deep\":{\"x\":[1,{\"y\":null}]}}")));
        Arbitrary<String> member = Arbitraries.frequencyOf(
                Tuple.of(3, header.map(h -> "\"header\":" + h)),
                Tuple.of(3, payload.map(p -> "\"payload\":" + p)),
                Tuple.of(1, anyValue.map(v -> "\"capability\":" + v)),
                Tuple.of(1, Arbitraries.of("\"unary\"", "\"SERVER_STREAM\"", "\"bogus\"", "null", "1")
                        .map(v -> "\"stream_preference\":" + v)),
                Tuple.of(1, anyValue.map(v -> "\"extra\":" + v)));
        return member.list().ofMaxSize(4).map(InvokeBodyTest::object);
    }

    private static String object(List<String> members) {
        return "{" + String.join(",", members) + "}";
    }
}
