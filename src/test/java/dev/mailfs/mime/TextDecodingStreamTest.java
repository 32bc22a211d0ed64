package dev.mailfs.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TextDecoding#decodeTo} writes what the in-memory path gives, whatever the pieces the bytes arrive in. */
class TextDecodingStreamTest {
    private static final String[] PIECES = {"a", "plain words ", "Grüße", "€", "日本語", "ｶﾀｶﾅ", "😀", "—", "“q”", " ", "\t",
            "\r", "\n", "\r\n", "\r\r\n", "\n\r", "\u2028", "é"};
    private static final String[] DECLARED = {null, "", "utf-8", "UTF8", "us-ascii", "ascii", "x-unknown", "utf 8; format=flowed",
            "windows-1252", "iso-8859-1", "latin1", "Shift_JIS", "ISO-2022-JP", "UTF-16", "UTF-16LE", "koi8-r", "euc-kr"};
    private static final String[] ENCODED_AS = {"UTF-8", "windows-1252", "Shift_JIS", "ISO-2022-JP", "UTF-16", "UTF-16BE",
            "UTF-16LE", "KOI8-R", "EUC-KR"};

    @Test
    void randomTextInEveryCharsetReadInTinyPiecesDecodesAsInMemory() throws IOException {
        for (int seed = 0; seed < 2000; seed++) {
            Random random = new Random(seed);
            String declared = DECLARED[random.nextInt(DECLARED.length)];
            byte[] bytes = randomBytes(random, declared);
            assertSameAsInMemory(bytes, declared, random, "seed " + seed);
        }
    }

    @Test
    void everyWayOfEndingAndCuttingAFileDecodesAsInMemory() throws IOException {
        String[] ends = {"x\r", "x\r\r", "\r", "\r\n", "x\r\n\r", "Grüße\r", "日本", "😀"};
        for (String declared : new String[] {null, "utf-8", "us-ascii", "windows-1252", "Shift_JIS", "ISO-2022-JP", "UTF-16"}) {
            for (String end : ends) {
                for (String charset : ENCODED_AS) {
                    byte[] whole = ("line\r\n" + end).getBytes(Charset.forName(charset));
                    for (int cut = 0; cut <= whole.length; cut++) {
                        byte[] bytes = Arrays.copyOf(whole, cut); // a multi-byte character cut at the end too
                        assertSameAsInMemory(bytes, declared, new Random(cut), declared + " " + charset + " " + end + " cut " + cut);
                    }
                }
            }
        }
    }

    @Test
    void asciiDeclaredWithEightBitBytesIsReadAsUndeclared() throws IOException {
        byte[] utf8 = "Grüße\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = "Grüße\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("Grüße\n", decodedInPieces(utf8, "us-ascii", new Random(1)));
        assertEquals("Grüße\n", decodedInPieces(latin1, "us-ascii", new Random(1)));
    }

    @Test
    void aFileIsReadFromItsPath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("part");
        Files.write(file, "Gr\u00fc\u00dfe\r\n\u0080".getBytes(StandardCharsets.ISO_8859_1));
        StringWriter out = new StringWriter();
        TextDecoding.decodeTo(file, null, out);
        assertEquals("Grüße\n€", out.toString());
    }

    /**
     * Tens of MB of valid UTF-8 without a declared charset (so that both readings go through the whole
     * file) in a 16 MB heap: memory does not grow with the file.
     */
    @Test
    void aLargeFileIsConvertedInASmallHeap(@TempDir Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("big");
        String expected = LargeText.write(file, 40 << 20, 7);
        assertEquals(List.of(expected), SmallHeapRun.run("16m", "text", file.toString()));
    }

    // --- helpers ------------------------------------------------------------------------------

    private static void assertSameAsInMemory(byte[] bytes, String declared, Random random, String what) throws IOException {
        String expected = TextDecoding.decode(bytes, declared).replace("\r\n", "\n");
        assertEquals(expected, decodedInPieces(bytes, declared, random), what);
    }

    private static String decodedInPieces(byte[] bytes, String declared, Random random) throws IOException {
        StringWriter out = new StringWriter();
        TextDecoding.decodeTo(() -> new TinyReads(bytes, random), declared, out);
        return out.toString();
    }

    /** Text in some charset (mostly the declared one), at times with bytes changed, added or cut off. */
    private static byte[] randomBytes(Random random, String declared) {
        if (random.nextInt(8) == 0) {
            byte[] noise = new byte[random.nextInt(40)];
            random.nextBytes(noise);
            return noise;
        }
        StringBuilder text = new StringBuilder();
        int pieces = random.nextInt(30);
        for (int i = 0; i < pieces; i++) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        String charset = isSupported(declared) && random.nextInt(4) > 0 ? declared : ENCODED_AS[random.nextInt(ENCODED_AS.length)];
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(text.toString().getBytes(Charset.forName(charset)));
        byte[] result = bytes.toByteArray();
        switch (random.nextInt(6)) {
            case 0 -> {
                if (result.length > 0) {
                    result[random.nextInt(result.length)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> result = Arrays.copyOf(result, random.nextInt(result.length + 1));
            default -> {
                // as encoded
            }
        }
        return result;
    }

    private static boolean isSupported(String charset) {
        try {
            return charset != null && Charset.isSupported(charset);
        } catch (IllegalArgumentException illegalName) {
            return false;
        }
    }

    /** Hands out 1 to 7 bytes per read, so that characters and CRLFs are cut at every place. */
    private static final class TinyReads extends InputStream {
        private final ByteArrayInputStream bytes;
        private final Random random;

        TinyReads(byte[] bytes, Random random) {
            this.bytes = new ByteArrayInputStream(bytes);
            this.random = random;
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            return bytes.read(into, offset, Math.min(length, 1 + random.nextInt(7)));
        }
    }
}
