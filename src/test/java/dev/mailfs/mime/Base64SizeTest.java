package dev.mailfs.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.activation.DataHandler;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class Base64SizeTest {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LF = {'\n'};

    /** The line layouts mailers write: line length and line end. */
    private record Layout(String name, int lineLength, byte[] lineEnd) {
    }

    private static final List<Layout> LAYOUTS = List.of(
            new Layout("76 CRLF (Java's MIME encoder, Gmail, Outlook)", 76, CRLF),
            new Layout("72 CRLF (Thunderbird)", 72, CRLF),
            new Layout("64 CRLF (OpenSSL)", 64, CRLF),
            new Layout("76 LF", 76, LF),
            new Layout("64 LF", 64, LF));

    @Test
    void theSizeIsTheDecodedLengthForEveryPayloadUpToAKilobyteInEveryLayout() {
        Random random = new Random(30);
        for (Layout layout : LAYOUTS) {
            for (int length = 0; length <= 1000; length++) {
                byte[] payload = RandomMail.bytes(random, length);
                for (int variant = 0; variant < 4; variant++) {
                    byte[] section = encode(payload, layout, variant % 2 == 0, variant < 2);
                    int bytes = length;
                    int v = variant;
                    assertSizeIsExact(section, payload.length, () -> layout.name() + ", " + bytes + " bytes, variant " + v);
                }
            }
        }
    }

    @Test
    void theSizeIsTheDecodedLengthForRandomPayloadsOfUpToFourMegabytes() {
        Random random = new Random(31);
        for (int i = 0; i < 10; i++) {
            Layout layout = LAYOUTS.get(i % LAYOUTS.size());
            byte[] payload = RandomMail.bytes(random, random.nextInt(4 << 20));
            byte[] section = encode(payload, layout, random.nextBoolean(), random.nextBoolean());
            assertSizeIsExact(section, payload.length, () -> layout.name() + ", " + payload.length + " bytes");
        }
    }

    /** An attachment as Angus Mail writes it (76 characters, CRLF, a final CRLF), cut out of the message as BODY[2] serves it. */
    @Test
    void theSizeIsTheDecodedLengthOfAnAttachmentAngusMailWrote() throws Exception {
        Random random = new Random(41);
        for (int length : new int[] {0, 1, 2, 3, 56, 57, 58, 300, 383, 384, 385, 1000, 65_536, 1_000_003}) {
            byte[] payload = RandomMail.bytes(random, length);
            MimeBodyPart text = new MimeBodyPart();
            text.setText("see attachment");
            MimeBodyPart attachment = new MimeBodyPart();
            attachment.setDataHandler(new DataHandler(new ByteArrayDataSource(payload, "application/octet-stream")));
            attachment.setFileName("blob.bin");
            attachment.setHeader("Content-Transfer-Encoding", "base64"); // Angus picks 7bit for a few ASCII bytes
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
            message.setContent(new MimeMultipart(text, attachment));
            message.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            byte[] section = LocalSections.extract(out.toByteArray(), "2");
            assertSizeIsExact(section, length, () -> length + " bytes");
        }
    }

    @Test
    void aSectionOfAtMostHeadAndTailIsCountedWholeWhateverItsLayout() {
        Random random = new Random(32);
        for (int i = 0; i < 3000; i++) {
            byte[] section = RandomMail.corrupt(random, RandomMail.base64(random, random.nextInt(400)), RandomMail.BASE64_NOISE);
            if (section.length <= Base64Size.HEAD + Base64Size.TAIL) {
                assertEquals(OptionalLong.of(TransferDecoding.decode(section, "base64").length), sizeOf(section),
                        () -> new String(section, StandardCharsets.ISO_8859_1));
            }
        }
    }

    /**
     * Whatever the head and tail show, changed in any way, the answer is the exact size or empty,
     * never wrong, as long as the middle keeps the layout (here: it is never touched).
     */
    @Test
    void changesThatHeadOrTailShowGiveTheExactSizeOrNone() {
        Random random = new Random(33);
        byte[] noise = "=*\r\n \tA/+9\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        int exact = 0;
        for (int i = 0; i < 8000; i++) {
            Layout layout = LAYOUTS.get(random.nextInt(LAYOUTS.size()));
            byte[] section = encode(RandomMail.bytes(random, 500 + random.nextInt(3000)), layout, random.nextBoolean(), random.nextBoolean());
            if (random.nextInt(4) == 0) { // the end changed: cut, or something more after it
                int length = section.length;
                section = Arrays.copyOf(section, length - 3 + random.nextInt(6));
                for (int j = length; j < section.length; j++) {
                    section[j] = noise[random.nextInt(noise.length)];
                }
            }
            for (int changes = 1 + random.nextInt(3); changes > 0; changes--) {
                int at = random.nextBoolean() ? random.nextInt(Base64Size.HEAD) : section.length - 1 - random.nextInt(Base64Size.TAIL);
                section[at] = noise[random.nextInt(noise.length)];
            }
            OptionalLong size = sizeOf(section);
            if (size.isPresent()) {
                assertEquals(TransferDecoding.decode(section, "base64").length, size.getAsLong(), layout.name());
                exact++;
            }
        }
        assertTrue(exact > 800, "changes that keep the layout (a letter for a letter) still give a size: " + exact);
    }

    // --- what the head or tail shows out of layout ---------------------------------------------

    @Test
    void anIrregularLineInTheTailGivesNoSize() {
        byte[] section = encode(RandomMail.bytes(new Random(34), 10_000), LAYOUTS.get(0), true, true);
        int lastLineStart = lastIndexOf(section, '\n', section.length - 3) + 1;
        int lineBeforeStart = lastIndexOf(section, '\n', lastLineStart - 2) + 1;
        assertNoSize(remove(section, lineBeforeStart, 4), "the line before the last 4 characters short");
        assertNoSize(insert(section, lineBeforeStart, "AAAA"), "the line before the last 4 characters long");
        assertNoSize(insert(section, lastLineStart, "A".repeat(76)), "a last line longer than the others");
        assertNoSize(insert(section, lineBeforeStart + 76, " "), "a blank after the end of a line");
        assertNoSize(replace(section, lineBeforeStart + 75, ' '), "a blank in place of a line's last character");
        assertNoSize(replace(section, lineBeforeStart + 10, '*'), "a character outside the alphabet on a full line");
        assertNoSize(replace(section, lineBeforeStart + 76, '\n'), "an LF line end among CRLF ones");
        assertNoSize(insert(section, section.length, "\r\n"), "an empty line after the last");
        assertNoSize(insert(section, section.length - 2, "x"), "a character after the padding");
        assertNoSize(insert(section, section.length - 2, "="), "a third padding character");
        assertNoSize(remove(section, section.length - 3, 1), "one padding character too few");
        assertNoSize(remove(section, section.length - 5, 3), "a lone last character");
        byte[] fullLastLine = encode(RandomMail.bytes(new Random(34), 57 * 100), LAYOUTS.get(0), true, true);
        assertTrue(sizeOf(fullLastLine).isPresent());
        assertNoSize(insert(fullLastLine, fullLastLine.length, "\r\n"), "an empty line after a full last line");
        assertNoSize(insert(fullLastLine, fullLastLine.length - 2, "AAAA"), "a last line 4 characters longer than the full ones");
    }

    @Test
    void anIrregularLineInTheHeadGivesNoSize() {
        byte[] section = encode(RandomMail.bytes(new Random(35), 10_000), LAYOUTS.get(0), true, true);
        assertNoSize(remove(section, 0, 4), "a first line 4 characters short");
        assertNoSize(remove(section, 78, 4), "a second line 4 characters short");
        assertNoSize(insert(section, 76, " "), "a blank after the end of the first line");
        assertNoSize(replace(section, 75, ' '), "a blank in place of the first line's last character");
        assertNoSize(replace(section, 100, '*'), "a character outside the alphabet");
        assertNoSize(replace(section, 100, '='), "padding in a full line");
        assertNoSize(insert(section, 0, "\r\n"), "an empty first line");
        assertNoSize(insert(section, 74, "\r\n"), "a first line not a whole number of quanta");
        assertNoSize(withoutCr(section, 0, section.length / 2), "LF line ends in the head, CRLF in the tail");
        assertNoSize(withoutCr(section, section.length / 2, section.length), "CRLF line ends in the head, LF in the tail");
    }

    @Test
    void sectionsWithoutTheLayoutGiveNoSize() {
        byte[] payload = RandomMail.bytes(new Random(36), 10_000);
        assertNoSize(Base64.getEncoder().encode(payload), "one long line");
        assertNoSize(Base64.getMimeEncoder(130, CRLF).encode(payload), "lines too long for the head to show two");
        String oneLine = Base64.getEncoder().encodeToString(payload);
        StringBuilder lines74 = new StringBuilder();
        for (int i = 0; i < oneLine.length(); i += 74) {
            lines74.append(oneLine, i, Math.min(i + 74, oneLine.length())).append("\r\n");
        }
        assertNoSize(lines74.toString().getBytes(StandardCharsets.US_ASCII), "lines that are not whole quanta (74 characters)");
    }

    @Test
    void aSizeOrHeadOrTailThatDoNotMatchGiveNoSize() {
        byte[] section = encode(RandomMail.bytes(new Random(37), 10_000), LAYOUTS.get(0), true, true);
        byte[] head = Arrays.copyOf(section, Base64Size.HEAD);
        byte[] tail = Arrays.copyOfRange(section, section.length - Base64Size.TAIL, section.length);
        assertTrue(Base64Size.decodedSize(section.length, head, tail).isPresent());
        assertEquals(OptionalLong.empty(), Base64Size.decodedSize(section.length + 1, head, tail), "a size one too large");
        assertEquals(OptionalLong.empty(), Base64Size.decodedSize(section.length - 77, head, tail), "a size almost a line too small");
        assertEquals(OptionalLong.empty(), Base64Size.decodedSize(section.length, Arrays.copyOf(head, 100), tail), "a short head");
        assertEquals(OptionalLong.empty(), Base64Size.decodedSize(section.length, head, Arrays.copyOf(tail, 100)), "a short tail");
        assertEquals(OptionalLong.empty(), Base64Size.decodedSize(300, head, head), "a head and tail that disagree where they overlap");
    }

    // --- what it cannot see ----------------------------------------------------------------------

    /** Bytes added to or taken from the middle shift the tail out of the layout. */
    @Test
    void aMiddleLineOfAnotherLengthGivesNoSize() {
        byte[] section = encode(RandomMail.bytes(new Random(38), 100_000), LAYOUTS.get(0), true, true);
        int middle = section.length / 2 / 78 * 78;
        assertNoSize(remove(section, middle, 4), "a middle line 4 characters short");
        assertNoSize(insert(section, middle, "*"), "a stray character added in the middle");
    }

    /** What the class comment warns about: a middle that keeps the length but not the layout gives a wrong size. */
    @Test
    void aMiddleThatKeepsTheLengthButNotTheLayoutGivesAWrongSize() {
        byte[] section = encode(RandomMail.bytes(new Random(39), 99_999), LAYOUTS.get(0), true, true);
        int middle = section.length / 2 / 78 * 78;
        assertWrongSize(replace(section, middle + 10, '*'), "a stray character in place of an alphabet one");
        assertWrongSize(replace(replace(section, middle + 37, '\r'), middle + 38, '\n'), "a line split in two, its parts adding up to a full line");
    }

    /**
     * The encoded size must be exact: one wrong by whole lines moves the tail's lines onto the
     * layout again, and the size is wrong by as many lines. (The caller can prove where the section
     * ends by asking for more bytes of the tail than remain.)
     */
    @Test
    void aSizeWrongByWholeLinesGivesAWrongSize() {
        byte[] section = encode(RandomMail.bytes(new Random(40), 10_000), LAYOUTS.get(0), true, true);
        byte[] head = Arrays.copyOf(section, Base64Size.HEAD);
        byte[] tail = Arrays.copyOfRange(section, section.length - Base64Size.TAIL, section.length);
        assertEquals(OptionalLong.of(10_000 - 57), Base64Size.decodedSize(section.length - 78, head, tail));
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** Base64 in that layout, with or without padding and a line end after the last line. */
    private static byte[] encode(byte[] payload, Layout layout, boolean padded, boolean finalLineEnd) {
        Base64.Encoder encoder = Base64.getMimeEncoder(layout.lineLength(), layout.lineEnd());
        byte[] encoded = (padded ? encoder : encoder.withoutPadding()).encode(payload);
        return finalLineEnd && encoded.length > 0 ? insert(encoded, encoded.length, new String(layout.lineEnd(), StandardCharsets.US_ASCII)) : encoded;
    }

    /** What the caller does: fetches head and tail, and asks. */
    private static OptionalLong sizeOf(byte[] section) {
        byte[] head = Arrays.copyOf(section, Math.min(Base64Size.HEAD, section.length));
        byte[] tail = Arrays.copyOfRange(section, section.length - Math.min(Base64Size.TAIL, section.length), section.length);
        return Base64Size.decodedSize(section.length, head, tail);
    }

    private static void assertSizeIsExact(byte[] section, int payloadLength, Supplier<String> what) {
        assertEquals(payloadLength, TransferDecoding.decode(section, "base64").length, what);
        assertEquals(OptionalLong.of(payloadLength), sizeOf(section), what);
    }

    private static void assertNoSize(byte[] section, String what) {
        assertEquals(OptionalLong.empty(), sizeOf(section), what);
    }

    private static void assertWrongSize(byte[] section, String what) {
        OptionalLong size = sizeOf(section);
        assertTrue(size.isPresent(), what);
        assertNotEquals(TransferDecoding.decode(section, "base64").length, size.getAsLong(), what);
    }

    private static int lastIndexOf(byte[] bytes, char c, int from) {
        int i = from;
        while (bytes[i] != c) {
            i--;
        }
        return i;
    }

    private static byte[] insert(byte[] bytes, int at, String text) {
        byte[] inserted = text.getBytes(StandardCharsets.US_ASCII);
        byte[] result = Arrays.copyOf(bytes, bytes.length + inserted.length);
        System.arraycopy(inserted, 0, result, at, inserted.length);
        System.arraycopy(bytes, at, result, at + inserted.length, bytes.length - at);
        return result;
    }

    private static byte[] remove(byte[] bytes, int at, int count) {
        byte[] result = Arrays.copyOf(bytes, bytes.length - count);
        System.arraycopy(bytes, at + count, result, at, bytes.length - at - count);
        return result;
    }

    private static byte[] replace(byte[] bytes, int at, char c) {
        byte[] result = bytes.clone();
        result[at] = (byte) c;
        return result;
    }

    private static byte[] withoutCr(byte[] bytes, int from, int to) {
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\r' || i < from || i >= to) {
                result.write(bytes[i]);
            }
        }
        return result.toByteArray();
    }
}
