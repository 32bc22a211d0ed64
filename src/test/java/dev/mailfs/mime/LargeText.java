package dev.mailfs.mime;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** A large UTF-8 text file made from a seed, with CRLF, LF and lone CR line ends, and what decoding it must give. */
final class LargeText {
    private static final String[] WORDS = {"mail", "Grüße", "€", "日本語", "😀", "naïve", "—", "ｶﾀｶﾅ", "x", "  ", "\t"};
    private static final String[] ENDS = {"\r\n", "\n", "\r"};

    private LargeText() {
    }

    /** Writes about {@code size} bytes and returns the SHA-256 of the text decodeTo must give, in UTF-8. */
    static String write(Path file, long size, long seed) throws IOException {
        Random random = new Random(seed);
        MessageDigest expected = sha256();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            long written = 0;
            while (written < size) {
                StringBuilder line = new StringBuilder(WORDS[random.nextInt(WORDS.length)]); // never empty: a lone CR stays one
                for (int n = random.nextInt(30); n > 0; n--) {
                    line.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
                }
                String end = ENDS[random.nextInt(ENDS.length)];
                byte[] bytes = (line + end).getBytes(StandardCharsets.UTF_8);
                out.write(bytes);
                written += bytes.length;
                expected.update((line + (end.equals("\r\n") ? "\n" : end)).getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(expected.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
