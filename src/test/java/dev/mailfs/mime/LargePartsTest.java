package dev.mailfs.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailfs.cache.DiskBodyStore;
import dev.mailfs.mail.BodyPart;
import dev.mailfs.mail.MessageRef;
import dev.mailfs.testing.InMemoryMailSource;
import dev.mailfs.testing.LogCapture;
import dev.mailfs.testing.MailRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Parts too large for memory: decoded once, as a stream, to a file on disk, and their sizes known without it where they can be. */
class LargePartsTest {
    private static final int LARGE = 3 << 20;

    @TempDir
    Path tmp;
    @RegisterExtension
    final LogCapture log = new LogCapture(PartFiles.class);
    private final InMemoryMailSource mail = new InMemoryMailSource().folder("INBOX", 7);
    private DiskBodyStore store;
    private MessageContents contents;

    @BeforeEach
    void openStore() throws IOException {
        store = DiskBodyStore.open(tmp.resolve("cache"), "alice@imap.example.com:993", 1 << 20, 1L << 30);
        contents = new MessageContents(mail, 1 << 20, store);
    }

    @AfterEach
    void closeContents() {
        contents.close();
    }

    private static byte[] payload(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** A message with a line of text and one attachment in {@code encoding}, its body given encoded. */
    private MessageRef messageWith(String contentType, String encoding, String encodedBody) {
        return mail.add("INBOX", "Message-ID: <big@example.com>\r\nSubject: big\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n"
                + "--b\r\nContent-Type: " + contentType + "\r\nContent-Disposition: attachment; filename=big.bin\r\n"
                + "Content-Transfer-Encoding: " + encoding + "\r\n\r\n" + encodedBody + "\r\n--b--\r\n");
    }

    private static String base64(byte[] bytes) {
        return new String(Base64.getMimeEncoder().encode(bytes), StandardCharsets.US_ASCII); // 76-char lines, CRLF
    }

    private BodyPart attachment(MessageRef message) {
        return contents.layout(message).files().get(0);
    }

    private static byte[] all(DecodedFile file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long offset = 0; offset < file.size(); offset += 128 << 10) {
            out.writeBytes(file.read(offset, 128 << 10)); // as the kernel reads: 128 KiB at a time
        }
        return out.toByteArray();
    }

    private int piecesFetched() {
        return (int) mail.requests(MailRequest.ReadSectionRange.class).stream().filter(r -> r.length() == SectionStream.PIECE).count();
    }

    @Test
    void aLargeBase64AttachmentsSizeIsKnownFromItsFirstAndLastBytesAlone() {
        byte[] pdf = payload(LARGE + 5, 1);
        MessageRef message = messageWith("application/pdf", "base64", base64(pdf));

        assertEquals(pdf.length, contents.part(message, attachment(message)).size());

        List<MailRequest.ReadSectionRange> asked = mail.requests(MailRequest.ReadSectionRange.class);
        assertEquals(2, asked.size(), asked.toString());
        assertTrue(asked.stream().allMatch(r -> r.length() <= 4096), asked.toString());
        assertEquals(0, mail.count(MailRequest.ReadSection.class), "nothing read whole");
    }

    @Test
    void aLargeAttachmentIsDecodedToDiskOnceReadByOffsetAndFoundThereAfterARestart() throws Exception {
        byte[] pdf = payload(LARGE, 2);
        MessageRef message = messageWith("application/pdf", "base64", base64(pdf));
        BodyPart part = attachment(message);

        assertArrayEquals(pdf, all(contents.part(message, part)));
        assertArrayEquals(Arrays.copyOfRange(pdf, 1_000_000, 1_000_100), contents.part(message, part).read(1_000_000, 100));
        int pieces = piecesFetched();
        assertEquals((int) Math.ceil(part.size() / (double) SectionStream.PIECE), pieces, "fetched once, a piece at a time");

        while (store.decoded(message, "part " + part.section()).isEmpty()) {
            Thread.sleep(10); // read to the end before it is forced to the disk and put in its place
        }
        MessageContents restarted = new MessageContents(mail, 1 << 20, DiskBodyStore.open(tmp.resolve("cache"), "alice@imap.example.com:993", 1 << 20, 1L << 30));
        assertArrayEquals(pdf, all(restarted.part(message, part)));
        assertEquals(pieces, piecesFetched(), "the decoded file outlives the daemon");
    }

    @Test
    void aQuotedPrintablePartsSizeIsLearntByDecodingIt() {
        String line = "Gr=C3=BC=C3=9Fe aus K=C3=B6ln, a line long enough to be wrapped by a soft line =\r\nbreak here.\r\n";
        String encoded = line.repeat(LARGE / line.length() + 1);
        MessageRef message = messageWith("text/csv; charset=utf-8", "quoted-printable", encoded);
        BodyPart part = attachment(message);
        byte[] expected = TransferDecoding.decode(encoded.getBytes(StandardCharsets.US_ASCII), "quoted-printable");

        DecodedFile csv = contents.part(message, part);
        assertEquals(expected.length, csv.size());
        assertTrue(piecesFetched() > 0, "decoded to learn its size");
        assertArrayEquals(expected, all(csv));
    }

    @Test
    void aServerWhoseSizesAreNotExactHasEveryLargePartDecodedToLearnItsSize() {
        mail.exactSizes(false);
        byte[] pdf = payload(LARGE, 3);
        MessageRef message = messageWith("application/pdf", "base64", base64(pdf));

        assertEquals(pdf.length, contents.part(message, attachment(message)).size());
        assertTrue(piecesFetched() > 0);
    }

    @Test
    void largeTextIsConvertedAsSmallTextIs() {
        String text = "Grüße aus Köln, 5 € naïve café\r\n".repeat(LARGE / 20);
        MessageRef message = mail.add("INBOX", "Message-ID: <text@example.com>\r\nSubject: long\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=iso-8859-15\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + base64(text.getBytes(Charset.forName("ISO-8859-15"))) + "\r\n");
        MessageLayout layout = contents.layout(message);
        assertTrue(layout.text().get(0).size() > MessageContents.LARGE_PART);

        String bodyText = new String(all(contents.bodyText(message, layout)), StandardCharsets.UTF_8);

        assertEquals(text.replace("\r\n", "\n"), bodyText);
    }

    @Test
    void largeHtmlWithoutTextIsRenderedAsText() {
        String html = "<html><body>" + "<p>Quarterly <b>report</b> &amp; numbers</p>\r\n".repeat(LARGE / 40) + "</body></html>";
        MessageRef message = mail.add("INBOX", "Message-ID: <html@example.com>\r\nSubject: long\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/html; charset=utf-8\r\n\r\n" + html + "\r\n");
        MessageLayout layout = contents.layout(message);

        String bodyText = new String(all(contents.bodyText(message, layout)), StandardCharsets.UTF_8);
        byte[] bodyHtml = all(contents.bodyHtml(message, layout));

        assertEquals(HtmlText.render(html + "\n"), bodyText);
        assertEquals("\uFEFF" + (html + "\r\n").replace("\r\n", "\n"), new String(bodyHtml, StandardCharsets.UTF_8));
    }

    @Test
    void aLargePartTheServerServesWrongIsCutOutOfTheWholeMessage() {
        byte[] pdf = payload(LARGE, 4);
        MessageRef message = messageWith("application/pdf", "base64", base64(pdf));
        BodyPart part = attachment(message);
        mail.serve(message, part.section(), "not what BODYSTRUCTURE says".getBytes(StandardCharsets.US_ASCII));
        mail.exactSizes(false);

        assertArrayEquals(pdf, all(contents.part(message, part)));
    }

    @Test
    void readersAtOnceWaitForOneDecoding() throws Exception {
        byte[] pdf = payload(LARGE, 5);
        MessageRef message = messageWith("application/pdf", "base64", base64(pdf));
        BodyPart part = attachment(message);
        ExecutorService readers = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> read = readers.invokeAll(List.of(
                    () -> contents.part(message, part).read(0, 10),
                    () -> contents.part(message, part).read(LARGE - 10, 10),
                    () -> contents.part(message, part).read(1 << 20, 10),
                    () -> contents.part(message, part).read(2 << 20, 10)));
            assertArrayEquals(Arrays.copyOfRange(pdf, LARGE - 10, LARGE), read.get(1).get());
        } finally {
            readers.shutdown();
        }
        assertEquals((int) Math.ceil(part.size() / (double) SectionStream.PIECE), piecesFetched());
    }
}
