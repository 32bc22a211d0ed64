package dev.mailfs.mime;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * The byte[] decoder as it was before the streaming decoders (commit e69c410), kept verbatim as the
 * oracle the tests compare {@link TransferDecoding} with. One change, the rule both decoders now
 * share: a soft line break's trailing blanks are at most {@link QuotedPrintableDecoder#MAX_TRAILING_BLANKS}.
 */
final class OriginalTransferDecoding {
    private OriginalTransferDecoding() {
    }

    static byte[] decode(byte[] raw, String encoding) {
        return switch (encoding.toLowerCase(Locale.ROOT).trim()) {
            case "base64" -> base64(raw);
            case "quoted-printable" -> quotedPrintable(raw);
            default -> raw; // 7bit, 8bit, binary, none, and encodings we do not know
        };
    }

    private static final boolean[] BASE64_ALPHABET = new boolean[256];

    static {
        for (char c : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray()) {
            BASE64_ALPHABET[c] = true;
        }
    }

    /** Keeps only the base64 alphabet, so line breaks, garbage and misplaced '=' are skipped. */
    static byte[] base64(byte[] raw) {
        byte[] clean = new byte[raw.length + 2];
        int n = 0;
        for (byte b : raw) {
            if (BASE64_ALPHABET[b & 0xff]) {
                clean[n++] = b;
            }
        }
        if (n % 4 == 1) {
            n--; // a lone last character carries no byte
        }
        while (n % 4 != 0) {
            clean[n++] = '=';
        }
        return Base64.getDecoder().decode(Arrays.copyOf(clean, n));
    }

    /** RFC 2045 6.7: "=XX" is a byte, "=" at a line end is a soft break; anything malformed stays as it is. */
    static byte[] quotedPrintable(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            int lineEnd = softBreakEnd(raw, i);
            if (b != '=') {
                out.write(b);
            } else if (lineEnd > 0) {
                i = lineEnd;
            } else if (i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
                out.write(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    /** Where "=", optional trailing blanks and a line end (a soft line break) finish, or -1. */
    private static int softBreakEnd(byte[] raw, int equals) {
        int i = equals + 1;
        while (i < raw.length && (raw[i] == ' ' || raw[i] == '\t') && i - equals <= QuotedPrintableDecoder.MAX_TRAILING_BLANKS) {
            i++;
        }
        if (i < raw.length && raw[i] == '\n') {
            return i;
        }
        if (i + 1 < raw.length && raw[i] == '\r' && raw[i + 1] == '\n') {
            return i + 1;
        }
        return -1;
    }

    private static int hex(byte b) {
        return Character.digit((char) b, 16);
    }
}
