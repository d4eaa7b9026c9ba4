package io.mig.core.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 validation (RFC 3629) of input before Jackson reads it. Jackson does not check every
 * byte itself: it matches field names against the names it has seen as 4-byte quads padded with
 * 0xFF, so {@code "capabili\xffty"} was read as {@code capability} once that name was known, and
 * an overlong {@code C0 AF} inside a name passed unnoticed. Two readers of the same bytes (a proxy,
 * a provider) could then disagree about what was sent; SPEC §11 requires invalid UTF-8 to be refused.
 */
final class Utf8 {
    /** Eight bytes of the input read as one long: JSON is mostly ASCII, tested eight bytes at a time. */
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** The high bit of each of the eight bytes: none is set in eight ASCII bytes. */
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {
    }

    /** The offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
    static int firstInvalid(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            while (i + Long.BYTES <= n && ((long) WORDS.get(bytes, i) & HIGH_BITS) == 0) {
                i += Long.BYTES;
            }
            if (i == n) {
                break;
            }
            int b = bytes[i];
            if (b >= 0) { // ASCII, the common case
                i++;
                continue;
            }
            int lead = b & 0xff;
            int length;
            int min;
            int max = 0xbf; // the range of the second byte; later ones are always 80..BF
            if (lead >= 0xc2 && lead <= 0xdf) {
                length = 2;
                min = 0x80;
            } else if (lead >= 0xe0 && lead <= 0xef) {
                length = 3;
                min = lead == 0xe0 ? 0xa0 : 0x80; // E0 80..9F would be overlong
                max = lead == 0xed ? 0x9f : 0xbf; // ED A0..BF would be a surrogate
            } else if (lead >= 0xf0 && lead <= 0xf4) {
                length = 4;
                min = lead == 0xf0 ? 0x90 : 0x80; // F0 80..8F would be overlong
                max = lead == 0xf4 ? 0x8f : 0xbf; // F4 90.. would be past U+10FFFF
            } else {
                return i; // a continuation byte, C0/C1 (overlong) or F5..FF (never in UTF-8)
            }
            if (i + length > n) {
                return i;
            }
            int second = bytes[i + 1] & 0xff;
            if (second < min || second > max) {
                return i;
            }
            for (int k = 2; k < length; k++) {
                if ((bytes[i + k] & 0xc0) != 0x80) {
                    return i;
                }
            }
            i += length;
        }
        return -1;
    }
}
