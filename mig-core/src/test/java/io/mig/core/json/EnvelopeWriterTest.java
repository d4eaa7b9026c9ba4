package io.mig.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.InvokeResponse;
import io.mig.core.model.MessageHeader;
import io.mig.core.model.StreamPreference;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link MigJson#encode} writes the INVOKE envelopes with {@link EnvelopeWriter}; the reference is
 * the mapper's bean serializer, which wrote them before. For every generated envelope — any field
 * null or not, text with quotes, controls and non-Latin characters, payloads and {@code meta} with
 * nesting, empty arrays, doubles and floats (NaN and infinities among them), binary and POJO
 * nodes, exact decimals and big integers, lone surrogates (which the byte writer escapes) — the
 * bytes must be the same.
 */
class EnvelopeWriterTest {

    @Property(tries = 2000)
    void aResponseIsWrittenByteForByteAsTheMapperWritesIt(@ForAll("responses") InvokeResponse response) throws Exception {
        assertThat(new String(MigJson.encode(response), StandardCharsets.UTF_8))
                .isEqualTo(new String(MigJson.mapper().writeValueAsBytes(response), StandardCharsets.UTF_8));
    }

    @Property(tries = 2000)
    void aRequestIsWrittenByteForByteAsTheMapperWritesIt(@ForAll("requests") InvokeRequest request) throws Exception {
        assertThat(new String(MigJson.encode(request), StandardCharsets.UTF_8))
                .isEqualTo(new String(MigJson.mapper().writeValueAsBytes(request), StandardCharsets.UTF_8));
    }

    @Example
    void theFieldsComeInTheRecordsOrderAndNullsAreLeftOut() {
        MessageHeader header = new MessageHeader("0.1", "msg-1", null, "acme", null, null, null, 5000L, null);
        InvokeResponse response = new InvokeResponse(header, "demo.echo", MigJson.object().put("ok", true), null);
        assertThat(MigJson.encodeToString(response)).isEqualTo(new String(MigJson.encode(response), StandardCharsets.UTF_8))
                .isEqualTo("{\"header\":{\"mig_version\":\"0.1\",\"message_id\":\"msg-1\",\"tenant_id\":\"acme\","
                        + "\"deadline_ms\":5000},\"capability\":\"demo.echo\",\"payload\":{\"ok\":true}}");
        assertThat(new String(MigJson.encode(new InvokeRequest(null, null, null, null)), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Provide
    Arbitrary<InvokeResponse> responses() {
        return Combinators.combine(headers().injectNull(0.1), texts(), trees().injectNull(0.2), texts())
                .as(InvokeResponse::new);
    }

    @Provide
    Arbitrary<InvokeRequest> requests() {
        return Combinators.combine(headers().injectNull(0.1), texts(), trees().injectNull(0.2),
                        Arbitraries.of(StreamPreference.class).injectNull(0.4))
                .as(InvokeRequest::new);
    }

    private Arbitrary<MessageHeader> headers() {
        Arbitrary<Long> deadlines = Arbitraries.longs().injectNull(0.4);
        return Combinators.combine(texts(), texts(), texts(), texts(), texts(), texts(), texts(), deadlines)
                .flatAs((version, id, timestamp, tenant, session, trace, key, deadline) -> trees().injectNull(0.6)
                        .map(meta -> new MessageHeader(version, id, timestamp, tenant, session, trace, key, deadline, meta)));
    }

    private Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                        Arbitraries.strings().alpha().numeric().ofMaxLength(20),
                        Arbitraries.strings().withChars("\"\\/\b\f\n\r\t\u0000\u001fé€😀<>&'").ofMaxLength(12),
                        Arbitraries.strings().ofMaxLength(16))
                .injectNull(0.4);
    }

    private Arbitrary<ObjectNode> trees() {
        return Arbitraries.integers().between(0, 6).flatMap(size -> Arbitraries.integers().between(0, 8).list().ofSize(size)
                .flatMap(kinds -> Arbitraries.strings().alpha().ofMaxLength(6).list().ofSize(size)
                        .map(names -> {
                            ObjectNode node = MigJson.object();
                            for (int i = 0; i < size; i++) {
                                String name = names.get(i) + i;
                                switch (kinds.get(i)) {
                                    case 0 -> node.put(name, "v\"" + name + "\u2028");
                                    case 1 -> node.put(name, i * 7919L - 3);
                                    case 2 -> node.put(name, new BigDecimal(i % 2 == 0 ? "1.50E-" + i : "2.5E+" + (i * 5)));
                                    case 3 -> node.put(name, new BigInteger("123456789012345678901234567890").shiftLeft(i));
                                    case 4 -> node.putNull(name);
                                    case 5 -> node.putObject(name).putArray("list").add(true).add(i).addObject().put("x", name);
                                    case 6 -> node.putObject(name).put("no", false).set("empty", MigJson.object().putArray("none"));
                                    case 7 -> node.putArray(name).add(i / 3.0).add(i / 7.0f).add((short) i).add(Integer.MIN_VALUE + i)
                                            .add(Double.NaN).add(Double.NEGATIVE_INFINITY);
                                    default -> node.putArray(name).add(new byte[] {(byte) i, -1, 0}).addPOJO(List.of(name, i));
                                }
                            }
                            return node;
                        })));
    }
}
