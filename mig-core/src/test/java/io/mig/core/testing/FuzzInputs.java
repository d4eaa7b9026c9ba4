package io.mig.core.testing;

import io.mig.core.gateway.MigGateway;
import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.InvocationMode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the fuzz properties of every module share (in {@code mig-core}'s test jar): byte surgery on
 * generated inputs, an independent UTF-8 oracle, a readable rendering of arbitrary bytes, and a
 * gateway with one in-process capability for the properties that drive a real binding.
 */
public final class FuzzInputs {
    /** The capability of {@link #echoGateway}: answers its payload, unary or as a one-frame stream. */
    public static final String ECHO = "fuzz.tools.echo";

    private FuzzInputs() {
    }

    /** A gateway whose only capability, {@link #ECHO}, answers its payload at once. */
    public static MigGateway echoGateway() {
        CapabilityDescriptor echo = new CapabilityDescriptor(ECHO, "1.0.0",
                List.of(InvocationMode.UNARY, InvocationMode.SERVER_STREAM), "schema://fuzz/in", "schema://fuzz/out",
                List.of(), List.of(), null, null);
        return MigGateway.builder()
                .capability(echo, context -> CompletableFuture.completedFuture(context.payload().deepCopy()))
                .build();
    }

    /** {@code bytes} put into {@code body} at {@code at}. */
    public static byte[] insert(byte[] body, int at, byte[] bytes) {
        byte[] out = new byte[body.length + bytes.length];
        System.arraycopy(body, 0, out, 0, at);
        System.arraycopy(bytes, 0, out, at, bytes.length);
        System.arraycopy(body, at, out, at + bytes.length, body.length - at);
        return out;
    }

    public static byte[] concat(byte[] a, byte[] b) {
        return insert(a, a.length, b);
    }

    /** Whether the JDK's strict decoder takes these bytes as UTF-8: the oracle, independent of the code under test. */
    public static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The first {@code max} bytes as text, anything but printable ASCII as {@code \xNN}, for a failure message. */
    public static String printable(byte[] bytes, int max) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < bytes.length && text.length() < max; i++) {
            int b = bytes[i] & 0xff;
            text.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return bytes.length > max ? text + "...(" + bytes.length + " bytes)" : text.toString();
    }

    /** A prefix of {@code bytes}, {@code permille} thousandths of it long. */
    public static byte[] truncate(byte[] bytes, int permille) {
        return Arrays.copyOf(bytes, bytes.length * permille / 1000);
    }
}
