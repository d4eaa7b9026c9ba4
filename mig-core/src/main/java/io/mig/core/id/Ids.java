package io.mig.core.id;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Identifiers with a readable prefix: message ids minted by the core, and random ones. */
public final class Ids {
    /**
     * One generator per thread: {@code UUID.randomUUID()} and {@code new SecureRandom()} on Linux all
     * share one locked native generator, which every request of every thread then waits for.
     */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(Ids::newRandom);

    /**
     * The root of every thread's fast generator, seeded once from the strong one, so that two
     * processes started at the same instant still draw different values. Splitting it is not
     * thread-safe, hence the lock (taken once per thread, never per value).
     */
    private static final SplittableRandom FAST_ROOT = new SplittableRandom(newRandom().nextLong());
    private static final ThreadLocal<SplittableRandom> FAST = ThreadLocal.withInitial(Ids::splitFast);

    /**
     * The high half of every message id this process mints: 60 random bits (with the UUID version
     * nibble 8, "custom"), drawn once, so that two gateways sharing a store mint different ids.
     */
    private static final long INSTANCE_BITS = (newRandom().nextLong() & ~0xF000L) | 0x8000L;
    /** The low half: a counter, so that ids of one process never repeat and cost no randomness. */
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** {@code "msg-"} and the UUID text of the instance bits with its dash: {@code msg-xxxxxxxx-xxxx-8xxx-}. */
    private static final byte[] MESSAGE_ID_PREFIX = ("msg-" + new UUID(INSTANCE_BITS, 0).toString().substring(0, 19))
            .getBytes(StandardCharsets.US_ASCII);
    private static final int MESSAGE_ID_LENGTH = 4 + 36;

    private Ids() {
    }

    /**
     * A fresh message id, {@code "msg-"} and an RFC 9562 version-8 UUID: this process's random
     * instance bits, then a counter. Unique within the process for 2<sup>62</sup> ids, and across
     * processes unless two draw the same 60 instance bits. Message ids are not secrets (callers choose
     * their own, and CANCEL is scoped to the tenant), so their being sequential costs nothing.
     */
    public static String messageId() {
        long low = (SEQUENCE.getAndIncrement() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // IETF variant
        // the text of "msg-" + new UUID(INSTANCE_BITS, low), written once instead of built and concatenated
        byte[] text = new byte[MESSAGE_ID_LENGTH];
        System.arraycopy(MESSAGE_ID_PREFIX, 0, text, 0, MESSAGE_ID_PREFIX.length);
        int at = MESSAGE_ID_PREFIX.length;
        hex(low >>> 48, text, at, 4);
        text[at + 4] = '-';
        hex(low, text, at + 5, 12);
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    /** {@code digits} lowercase hex digits of the low bits of {@code value}, into {@code text} at {@code at}. */
    static void hex(long value, byte[] text, int at, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            text[at + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }

    public static String random(String prefix) {
        return prefix + "-" + uuid().toString().replace("-", "").substring(0, 16);
    }

    /** Fills {@code bytes} from this thread's cryptographically strong generator. */
    public static void randomBytes(byte[] bytes) {
        RANDOM.get().nextBytes(bytes);
    }

    /**
     * 64 bits from this thread's fast, non-cryptographic generator: for values that must be unique
     * and spread (trace and span ids, SPEC §8.2 / W3C trace context), never for secrets — those take
     * {@link #randomBytes}. Costs no lock and no system entropy per value.
     */
    static long fastLong() {
        return FAST.get().nextLong();
    }

    private static SplittableRandom splitFast() {
        synchronized (FAST_ROOT) {
            return FAST_ROOT.split();
        }
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
