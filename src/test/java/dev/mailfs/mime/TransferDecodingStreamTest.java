package dev.mailfs.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stream decoder gives exactly the bytes the whole-array decoder gives, and both exactly those
 * the decoder before streaming gave ({@link OriginalTransferDecoding}), for valid and broken input
 * served in pieces of every small size.
 */
class TransferDecodingStreamTest {
    private static final int INPUTS = 3000;

    @Test
    void base64OfRandomValidAndBrokenInputDecodesAlikeWholeAndPieceByPiece() throws IOException {
        Random random = new Random(17);
        for (int i = 0; i < INPUTS; i++) {
            byte[] encoded = RandomMail.base64(random, random.nextInt(600));
            assertAllDecodersAgree(i % 3 == 0 ? encoded : RandomMail.corrupt(random, encoded, RandomMail.BASE64_NOISE), "base64", i);
        }
    }

    @Test
    void quotedPrintableOfRandomValidAndBrokenInputDecodesAlikeWholeAndPieceByPiece() throws IOException {
        Random random = new Random(18);
        for (int i = 0; i < INPUTS; i++) {
            byte[] encoded = RandomMail.quotedPrintable(random, random.nextInt(600));
            assertAllDecodersAgree(i % 3 == 0 ? encoded : RandomMail.corrupt(random, encoded, RandomMail.QP_NOISE), "quoted-printable", i);
        }
    }

    /** Bytes drawn from the characters that mean something to a decoder: every combination of them turns up. */
    @ParameterizedTest
    @ValueSource(strings = {"base64", "quoted-printable"})
    void noiseOfSignificantCharactersDecodesAlikeWholeAndPieceByPiece(String encoding) throws IOException {
        Random random = new Random(19);
        byte[] alphabet = "=\r\n \t=AaF9g+/*\u00e9\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < INPUTS; i++) {
            byte[] noise = new byte[random.nextInt(40)];
            for (int j = 0; j < noise.length; j++) {
                noise[j] = alphabet[random.nextInt(alphabet.length)];
            }
            assertAllDecodersAgree(noise, encoding, i);
        }
    }

    @Test
    void everyKindOfBreakageDecodesAlikeCutAtEveryPlace() throws IOException {
        String[] base64 = {"SGVsbG8s\r\nIHdvcmxk\nIQ==\r\n", "SG=Vs*=b \tG\u00e98!=", "SGk", "SGVsbG8", "SGVsbG8hX", "SGk=X", "S", "SG", "==", "SGk=SGk=", "iVBOR/8A"};
        String[] quotedPrintable = {"fla=\r\nmingo", "fla=\nmingo", "end=\r\n", "end=\n", "one\r\ntwo\n", "=C3=A4", "=c3=a4", "a=ZZb", "x=4", "a = b", "abc=",
            "fla= \r\nmingo", "fla=\t\nmingo", "=\r", "= \r", "=\r=", "=\r\r\n", "=4=41", "== \t\r\n=", "=\t \t\r\r\n", "=\n=\n=", "=A\r\n", "a=\r\nb=\rc"};
        for (String s : base64) {
            assertEveryCutAgrees(s.getBytes(StandardCharsets.ISO_8859_1), "base64");
        }
        for (String s : quotedPrintable) {
            assertEveryCutAgrees(s.getBytes(StandardCharsets.ISO_8859_1), "quoted-printable");
        }
    }

    @Test
    void aSoftLineBreakHasAtMostTheLongestLinesWorthOfBlanks() throws IOException {
        int max = QuotedPrintableDecoder.MAX_TRAILING_BLANKS;
        for (int blanks : new int[] {max - 1, max, max + 1, 3 * max}) {
            byte[] encoded = ("a=" + " \t".repeat(blanks / 2) + " ".repeat(blanks % 2) + "\r\nb").getBytes(StandardCharsets.US_ASCII);
            byte[] expected = blanks <= max ? "ab".getBytes(StandardCharsets.US_ASCII) : encoded;
            assertArrayEquals(expected, TransferDecoding.decode(encoded, "quoted-printable"), "blanks: " + blanks);
            assertAllDecodersAgree(encoded, "quoted-printable", blanks);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base64", "quoted-printable", "7bit", "x-unknown"})
    void closingTheDecodingStreamClosesTheRawStream(String encoding) throws IOException {
        PieceByPieceStream raw = new PieceByPieceStream(new byte[] {'S', 'G', 'k'}, 1);
        TransferDecoding.decoding(raw, encoding).close();
        assertTrue(raw.closed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"7bit", "8bit", "binary", "", "x-unknown", "x-uuencode"})
    void identityAndUnknownEncodingsAreTheRawStreamItself(String encoding) {
        InputStream raw = new PieceByPieceStream(new byte[] {'=', '4', '1'}, 1);
        assertSame(raw, TransferDecoding.decoding(raw, encoding));
    }

    @Test
    void singleByteReadsGiveTheSameBytes() throws IOException {
        byte[] encoded = Base64.getMimeEncoder().encode(RandomMail.bytes(new Random(20), 5000));
        InputStream in = TransferDecoding.decoding(new PieceByPieceStream(encoded, 2), "BASE64");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            out.write(b);
        }
        assertEquals(-1, in.read());
        assertArrayEquals(OriginalTransferDecoding.decode(encoded, "base64"), out.toByteArray());
    }

    /**
     * 300 MB of base64 (generated as it is read, never held) decodes to the right bytes, and the
     * decoder never reads more than a few pieces ahead of what it has given: its memory is bounded.
     */
    @Test
    void threeHundredMegabytesDecodePieceByPieceWithoutReadingAhead() throws IOException {
        GeneratedBase64 raw = new GeneratedBase64(300 << 20, 21);
        InputStream in = TransferDecoding.decoding(raw, "base64");
        CRC32 decoded = new CRC32();
        long decodedLength = 0;
        byte[] buffer = new byte[50_000];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            decoded.update(buffer, 0, n);
            decodedLength += n;
            long encodedGiven = decodedLength / 57 * 78;
            assertTrue(raw.delivered() - encodedGiven <= 2 * DecodingInputStream.PIECE, () -> "read ahead: " + (raw.delivered() - encodedGiven));
        }
        assertTrue(raw.delivered() >= 300 << 20);
        assertEquals(raw.payloadLength(), decodedLength);
        assertEquals(raw.payloadCrc(), decoded.getValue());
    }

    private static void assertAllDecodersAgree(byte[] encoded, String encoding, int index) throws IOException {
        byte[] expected = OriginalTransferDecoding.decode(encoded, encoding);
        Supplier<String> what = () -> encoding + " input " + index + ": " + new String(encoded, StandardCharsets.ISO_8859_1);
        assertArrayEquals(expected, TransferDecoding.decode(encoded, encoding), what);
        assertArrayEquals(expected, readInRandomSizes(TransferDecoding.decoding(new PieceByPieceStream(encoded, index), encoding), index), what);
    }

    /** Cut in two at every place, and in single bytes. */
    private static void assertEveryCutAgrees(byte[] encoded, String encoding) throws IOException {
        byte[] expected = OriginalTransferDecoding.decode(encoded, encoding);
        String what = encoding + ": " + new String(encoded, StandardCharsets.ISO_8859_1);
        for (int cut = 0; cut <= encoded.length; cut++) {
            assertArrayEquals(expected, readInRandomSizes(TransferDecoding.decoding(new CutStream(encoded, cut), encoding), cut), what + " cut at " + cut);
        }
        assertArrayEquals(expected, readInRandomSizes(TransferDecoding.decoding(new CutStream(encoded, 1, 1), encoding), 0), what);
    }

    /** Reads of small sizes, and large ones (which the stream decodes straight into). */
    private static byte[] readInRandomSizes(InputStream in, long seed) throws IOException {
        Random random = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[40_000];
        for (int n; (n = in.read(buffer, 1, random.nextInt(3) == 0 ? buffer.length - 1 : 1 + random.nextInt(98))) >= 0; ) {
            out.write(buffer, 1, n);
        }
        return out.toByteArray();
    }

    /**
     * Base64 of seeded random bytes in lines of 76 characters and CRLF, as Java's MIME encoder
     * writes them, made as it is read, in pieces of odd sizes; the last line is padded.
     */
    private static final class GeneratedBase64 extends InputStream {
        private static final int BLOCK = 57 * 1024; // whole lines of 76 characters

        private final long minimumLength;
        private final SplittableRandom random;
        private final Base64.Encoder encoder = Base64.getMimeEncoder();
        private final CRC32 payloadCrc = new CRC32();
        private final byte[] payload = new byte[BLOCK];
        private final byte[] encoded = new byte[BLOCK / 57 * 78];
        private int position;
        private int limit;
        private long delivered;
        private long payloadLength;
        private boolean lastBlockMade;

        GeneratedBase64(long minimumLength, long seed) {
            this.minimumLength = minimumLength;
            this.random = new SplittableRandom(seed);
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position == limit && !makeBlock()) {
                return -1;
            }
            int n = Math.min(Math.min(len, 1 + random.nextInt(20_000)), limit - position);
            System.arraycopy(encoded, position, b, off, n);
            position += n;
            delivered += n;
            return n;
        }

        private boolean makeBlock() {
            if (lastBlockMade) {
                return false;
            }
            int length = BLOCK;
            if (delivered >= minimumLength) {
                length = 1000; // not a multiple of 3: padding at the end
                lastBlockMade = true;
            }
            random.nextBytes(payload);
            payloadCrc.update(payload, 0, length);
            payloadLength += length;
            limit = encoder.encode(Arrays.copyOf(payload, length), encoded);
            encoded[limit++] = '\r';
            encoded[limit++] = '\n';
            position = 0;
            return true;
        }

        long delivered() {
            return delivered;
        }

        long payloadLength() {
            return payloadLength;
        }

        long payloadCrc() {
            return payloadCrc.getValue();
        }
    }

    /** Serves its bytes in pieces cut at one place (or, with a piece size, in pieces of that size). */
    private static final class CutStream extends InputStream {
        private final byte[] bytes;
        private final int cut;
        private final int pieceSize;
        private int position;

        CutStream(byte[] bytes, int cut) {
            this(bytes, cut, Integer.MAX_VALUE);
        }

        CutStream(byte[] bytes, int cut, int pieceSize) {
            this.bytes = bytes;
            this.cut = cut;
            this.pieceSize = pieceSize;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position == bytes.length) {
                return -1;
            }
            int end = position < cut ? cut : bytes.length;
            int n = Math.min(Math.min(len, pieceSize), end - position);
            System.arraycopy(bytes, position, b, off, n);
            position += n;
            return n;
        }
    }
}
