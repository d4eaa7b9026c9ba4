package io.mig.core.id;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/** Random identifiers with a readable prefix. */
public final class Ids {
    /**
     * One generator per thread: {@code UUID.randomUUID()} and {@code new SecureRandom()} on Linux all
     * share one locked native generator, which every request of every thread then waits for.
     */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(Ids::newRandom);

    private Ids() {
    }

    public static String messageId() {
        return "msg-" + uuid();
    }

    public static String random(String prefix) {
        return prefix + "-" + uuid().toString().replace("-", "").substring(0, 16);
    }

    /** Fills {@code bytes} from this thread's cryptographically strong generator. */
    public static void randomBytes(byte[] bytes) {
        RANDOM.get().nextBytes(bytes);
    }

    /** A random (version 4) UUID, as {@link UUID#randomUUID()} makes it. */
    static UUID uuid() {
        byte[] bytes = new byte[16];
        randomBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
