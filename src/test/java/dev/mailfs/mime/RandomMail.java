package dev.mailfs.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;

/** Seeded random transfer-encoded content as mailers write it, and broken as mailers break it. */
final class RandomMail {
    static final byte[] BASE64_NOISE = "=*- \t\r\n\u00e9A/".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] QP_NOISE = "= \t\r\nZ4a\u00e9".getBytes(StandardCharsets.ISO_8859_1);

    private static final String HEX = "0123456789ABCDEF";

    private RandomMail() {
    }

    static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Base64 of random bytes in one of the line layouts mailers use (or none), maybe unpadded, maybe with a final line end. */
    static byte[] base64(Random random, int payloadLength) {
        int[] lineLengths = {76, 76, 72, 64, 4, 8, 0};
        int lineLength = lineLengths[random.nextInt(lineLengths.length)];
        String lineEnd = random.nextBoolean() ? "\r\n" : "\n";
        Base64.Encoder encoder = lineLength == 0 ? Base64.getEncoder() : Base64.getMimeEncoder(lineLength, lineEnd.getBytes(StandardCharsets.US_ASCII));
        if (random.nextInt(4) == 0) {
            encoder = encoder.withoutPadding();
        }
        String encoded = encoder.encodeToString(bytes(random, payloadLength)) + (random.nextBoolean() ? lineEnd : "");
        return encoded.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Quoted-printable of random text with hard line breaks, escapes and soft line breaks, some with
     * blanks after the "=" (as broken mailers write them), CRLF or bare LF.
     */
    static byte[] quotedPrintable(Random random, int textLength) {
        String lineEnd = random.nextBoolean() ? "\r\n" : "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int column = 0;
        for (int i = 0; i < textLength; i++) {
            int kind = random.nextInt(20);
            if (kind == 0) {
                out.writeBytes(lineEnd.getBytes(StandardCharsets.US_ASCII));
                column = 0;
                continue;
            }
            int b = kind < 14 ? 'a' + random.nextInt(26) : kind < 16 ? ' ' : kind == 16 ? '=' : random.nextInt(256);
            String text = b >= 33 && b <= 126 && b != '=' || b == ' ' ? String.valueOf((char) b) : "=" + HEX.charAt(b >> 4) + HEX.charAt(b & 15);
            if (column + text.length() > 75) {
                out.writeBytes(("=" + " \t".substring(0, random.nextInt(8) == 0 ? 1 + random.nextInt(2) : 0) + lineEnd).getBytes(StandardCharsets.US_ASCII));
                column = 0;
            }
            out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
            column += text.length();
        }
        return out.toByteArray();
    }

    /** A few random insertions, deletions and replacements with noise bytes, and maybe a cut end. */
    static byte[] corrupt(Random random, byte[] bytes, byte[] noise) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int changes = 1 + random.nextInt(4);
        for (int i = 0; i <= bytes.length; i++) {
            if (random.nextInt(bytes.length + 1) < changes) {
                switch (random.nextInt(3)) {
                    case 0 -> out.write(noise[random.nextInt(noise.length)]); // insert
                    case 1 -> i++; // delete
                    default -> {
                        out.write(noise[random.nextInt(noise.length)]);
                        i++; // replace
                    }
                }
            }
            if (i < bytes.length) {
                out.write(bytes[i]);
            }
        }
        byte[] corrupted = out.toByteArray();
        return random.nextInt(4) == 0 && corrupted.length > 0 ? Arrays.copyOf(corrupted, random.nextInt(corrupted.length)) : corrupted;
    }
}
